from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "accord.goals"
    label = "goals"
    verbose_name = "Goals"
