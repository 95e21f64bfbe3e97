from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accord.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accord import checks  # noqa: F401  (registers the deployment checks)
        from accord.accounts import signals  # noqa: F401  (connects sign-in auditing)
