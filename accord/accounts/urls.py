from django.urls import path

from accord.accounts import (
    views_account,
    views_client,
    views_invitations,
    views_practice,
    views_therapist,
)

urlpatterns = [
    # Account (any signed-in person)
    path("account/", views_account.account_page, name="account_page"),
    path("account/tokens/", views_account.create_token, name="api_token_create"),
    path("account/tokens/<int:token_id>/revoke/", views_account.revoke_token, name="api_token_revoke"),
    path("account/session-status/", views_account.session_status, name="session_status"),
    path("account/keep-alive/", views_account.keep_alive, name="session_keep_alive"),
    # Invitations (public: the token is the credential)
    path("invitations/<str:token>/", views_invitations.accept_invitation, name="invitation_accept"),
    # Therapist
    path("clients/", views_therapist.therapist_home, name="therapist_home"),
    path("clients/new/", views_therapist.add_client, name="client_add"),
    path("clients/<int:client_id>/", views_therapist.client_page, name="client_page"),
    path("clients/<int:client_id>/invite/", views_therapist.invite_existing_client, name="client_invite"),
    # Client
    path("me/", views_client.client_home, name="client_home"),
    # Practice admin
    path("practice/", views_practice.practice_home, name="practice_home"),
    path("practice/therapists/", views_practice.therapists, name="practice_therapists"),
    path("practice/therapists/invite/", views_practice.invite_therapist, name="practice_invite_therapist"),
    path("practice/clients/", views_practice.clients, name="practice_clients"),
    path("practice/clients/<int:client_id>/care-team/", views_practice.care_team, name="practice_care_team"),
    path(
        "practice/users/<int:user_id>/deactivate/", views_practice.deactivate_user, name="practice_deactivate"
    ),
    path(
        "practice/users/<int:user_id>/reactivate/", views_practice.reactivate_user, name="practice_reactivate"
    ),
    path("practice/settings/", views_practice.practice_settings, name="practice_settings"),
]
