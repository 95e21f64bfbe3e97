from django.apps import AppConfig


class RecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accord.records"
    label = "records"
    verbose_name = "Records: FHIR export and import, the client's download, backup and restore"
