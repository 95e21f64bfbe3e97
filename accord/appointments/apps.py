from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    """Sessions as records, the caseload's per-client summary and the daily digest. Sits above the domain
    apps it summarises (progress, check-ins, dialogue, assessments, goals) and below the composed pages."""

    name = "accord.appointments"
    label = "appointments"
    verbose_name = "Sessions"

    def ready(self) -> None:
        from accord.appointments import digest, refreshing, summary

        summary.connect_receivers()
        digest.register_schedule()
        refreshing.register_schedule()
