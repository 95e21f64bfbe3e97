from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "accord.checkins"
    label = "checkins"
    verbose_name = "Check-ins"
