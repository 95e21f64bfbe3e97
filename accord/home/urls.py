"""The composed pages, and the practice's audit trail. Ids travel in paths; nothing anyone wrote does."""

from django.urls import path

from accord.home import audit_trail, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Therapist
    path("clients/", views.therapist_home, name="therapist_home"),
    path("clients/new/", views.add_client, name="client_add"),
    path("clients/<int:client_id>/", views.client_page, name="client_page"),
    path("clients/<int:client_id>/invite/", views.invite_existing_client, name="client_invite"),
    path("clients/<int:client_id>/brief/", views.client_brief, name="client_brief"),
    # Client
    path("me/", views.client_home, name="client_home"),
    # Practice admin
    path("practice/", views.practice_home, name="practice_home"),
    path("practice/audit/", audit_trail.audit_trail, name="audit_trail"),
    path("practice/audit/export.csv", audit_trail.audit_export, name="audit_export"),
]
