from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The pages that show several domains at once. It imports the domain apps; none imports it."""

    name = "accord.home"
    label = "home"
    verbose_name = "Home"
