from django.urls import path

from accord.audit import views

urlpatterns = [
    path("", views.audit_trail, name="audit_trail"),
    path("export.csv", views.audit_export, name="audit_export"),
]
