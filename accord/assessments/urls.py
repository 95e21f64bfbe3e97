from django.urls import path

from accord.assessments import views

urlpatterns = [
    # Client: intake and measures
    path("me/intake/", views.intake_overview, name="intake"),
    path("me/intake/<int:step>/", views.intake_step, name="intake_step"),
    path("me/intake/answers/<str:item_key>/", views.intake_autosave, name="intake_autosave"),
    path("me/intake/review/", views.intake_review, name="intake_review"),
    path("me/measures/", views.my_measures, name="my_measures"),
    path("me/measures/<str:instrument_key>/answer/", views.take_measure, name="take_measure"),
    path("me/measures/results/<int:response_id>/", views.my_measure_result, name="my_measure_result"),
    # Therapist: the client's assessment
    path("clients/<int:client_id>/assessment/", views.assessment_page, name="client_assessment"),
    path(
        "clients/<int:client_id>/assessment/formulation/",
        views.save_formulation,
        name="client_formulation_save",
    ),
    path("clients/<int:client_id>/measures/assign/", views.assign_measure, name="client_measure_assign"),
    path(
        "clients/<int:client_id>/measures/assignments/<int:assignment_id>/stop/",
        views.stop_assignment,
        name="client_measure_stop",
    ),
    path(
        "clients/<int:client_id>/measures/<str:instrument_key>/enter/",
        views.enter_measure,
        name="client_measure_enter",
    ),
    path(
        "clients/<int:client_id>/measures/responses/<int:response_id>/",
        views.response_detail,
        name="client_measure_response",
    ),
    path(
        "clients/<int:client_id>/measures/responses/<int:response_id>/mark-improvement/",
        views.mark_improvement,
        name="client_measure_mark_improvement",
    ),
    path("clients/<int:client_id>/alerts/<int:alert_id>/", views.alert_page, name="client_alert"),
    # Practice admin
    path("practice/measures/", views.practice_measures, name="practice_measures"),
]
