"""Check-in pages. Client and object ids travel in paths; nothing a client wrote goes into a URL."""

from django.urls import path

from accord.checkins import views

urlpatterns = [
    # Client: the check-in, its draft and thank-you, wins and the rhythm with its calendar link
    path("me/checkin/", views.checkin, name="checkin"),
    path("me/checkin/draft/", views.checkin_draft, name="checkin_draft"),
    path("me/checkins/<int:checkin_id>/", views.checkin_done, name="checkin_done"),
    path("me/wins/", views.my_wins, name="my_wins"),
    path("me/rhythm/", views.my_rhythm, name="my_rhythm"),
    path("me/rhythm/calendar/", views.create_calendar_link, name="my_calendar_create"),
    path("me/rhythm/calendar/revoke/", views.revoke_calendar_link, name="my_calendar_revoke"),
    # The private calendar feed (public: the secret in the address is the credential)
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    # Therapist: the client's rhythm and wins
    path("clients/<int:client_id>/rhythm/", views.client_rhythm, name="client_rhythm"),
    path("clients/<int:client_id>/checkin/", views.checkin_in_session, name="client_checkin_in_session"),
    path("clients/<int:client_id>/wins/", views.client_wins, name="client_wins"),
    path(
        "clients/<int:client_id>/wins/<int:celebration_id>/note/",
        views.add_recognition,
        name="client_win_note",
    ),
]
