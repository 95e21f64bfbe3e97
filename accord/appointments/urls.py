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
    path("clients/calendar/", views.sessions_calendar_create, name="sessions_calendar_create"),
    path("clients/calendar/revoke/", views.sessions_calendar_revoke, name="sessions_calendar_revoke"),
    # The therapist's private sessions feed (public: the secret in the address is the credential)
    path("sessions/calendar/<str:token>.ics", views.sessions_calendar_feed, name="sessions_calendar_feed"),
]
