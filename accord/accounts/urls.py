from django.urls import path

from accord.accounts import views

urlpatterns = [
    # Account (any signed-in person)
    path("account/", views.account_page, name="account_page"),
    path("account/tokens/", views.create_token, name="api_token_create"),
    path("account/emails/", views.email_preferences, name="account_email_preferences"),
    path("account/language/", views.choose_language, name="account_language"),
    path("account/tokens/<int:token_id>/revoke/", views.revoke_token, name="api_token_revoke"),
    path("account/session-status/", views.session_status, name="session_status"),
    path("account/keep-alive/", views.keep_alive, name="session_keep_alive"),
    # "Leave quickly" signs out through a beacon; the idle sign-out keeps a started form (drafts.py).
    path("account/leave/", views.leave_quickly, name="leave_quickly"),
    path("account/keep-draft/", views.keep_draft, name="keep_draft"),
    # Invitations (public: the token is the credential)
    path("invitations/<str:token>/", views.accept_invitation, name="invitation_accept"),
    # Practice admin (the dashboard, practice_home, is in accord.home)
    path("practice/therapists/", views.therapists, name="practice_therapists"),
    path("practice/therapists/invite/", views.invite_therapist, name="practice_invite_therapist"),
    path("practice/clients/", views.clients, name="practice_clients"),
    path("practice/clients/<int:client_id>/care-team/", views.care_team, name="practice_care_team"),
    path("practice/users/<int:user_id>/deactivate/", views.deactivate_user, name="practice_deactivate"),
    path("practice/users/<int:user_id>/reactivate/", views.reactivate_user, name="practice_reactivate"),
    path("practice/settings/", views.practice_settings, name="practice_settings"),
]
