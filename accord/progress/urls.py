"""The in-session review, progress pages and their charts. Ids travel in paths; nothing anyone wrote does."""

from django.urls import path

from accord.progress import views

urlpatterns = [
    # Therapist: the review with the client, and what it changes
    path("clients/<int:client_id>/review/", views.review, name="client_review"),
    path("goals/<int:goal_id>/review/", views.record_review, name="goal_review_record"),
    path("goals/<int:goal_id>/review/decision/", views.decide, name="goal_review_decide"),
    path("goals/<int:goal_id>/review/steps/<int:step_id>/", views.tick, name="goal_review_tick"),
    path("goals/<int:goal_id>/status/", views.set_status, name="goal_status_set"),
    # Both parties: progress of one goal, and of all the client's goals, with the charts as images
    path("goals/<int:goal_id>/progress/", views.goal_progress, name="goal_progress"),
    path("goals/<int:goal_id>/progress/chart.svg", views.goal_progress_chart, name="goal_progress_chart"),
    path("clients/<int:client_id>/progress/", views.client_progress, name="client_progress"),
    path("me/progress/", views.my_progress, name="my_progress"),
    path("clients/<int:client_id>/progress/t-score.svg", views.t_score_chart, name="client_t_score_chart"),
    path(
        "clients/<int:client_id>/progress/measures/<slug:key>.svg",
        views.measure_chart,
        name="client_measure_chart",
    ),
]
