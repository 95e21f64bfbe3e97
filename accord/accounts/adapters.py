from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from accord.accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    """Accord is invitation-only: nobody signs up on their own."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails (password reset, address confirmation) in the recipient's own language; to an
        address with no account, in the language of the page that asked for it."""
        with translation.override(recipient_language(email, context.get("user"))):
            super().send_mail(template_prefix, email, context)


def recipient_language(email: str, user: object = None) -> str:
    language = getattr(user, "language", "") or (
        User.objects.filter(email__iexact=email).values_list("language", flat=True).first()
    )
    return language or translation.get_language() or settings.LANGUAGE_CODE
