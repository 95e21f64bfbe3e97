from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The pages that show several domains at once. It imports the domain apps; none imports it."""

    name = "accord.home"
    label = "home"
    verbose_name = "Home"

    def ready(self) -> None:
        # Which writes change which client's data version (the page cache's key): every model, here.
        from accord.home import tracking

        tracking.connect()
