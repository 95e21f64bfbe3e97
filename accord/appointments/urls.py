from django.urls import path

from accord.appointments import views

urlpatterns = [
    path("clients/<int:client_id>/sessions/new/", views.add_appointment, name="appointment_add"),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/state/",
        views.appointment_state,
        name="appointment_state",
    ),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/split/",
        views.appointment_split,
        name="appointment_split",
    ),
    path("clients/digest/", views.digest_settings, name="digest_settings"),
]
