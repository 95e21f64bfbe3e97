from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "accord.checkins"
    label = "checkins"
    verbose_name = "Check-ins"

    def ready(self) -> None:
        from accord.checkins import celebrations

        celebrations.connect_receivers()
