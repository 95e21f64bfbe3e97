"""Password rules that depend on the person's role."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class RoleMinimumLengthValidator:
    """Staff (admins, therapists) need at least ``STAFF_MIN_PASSWORD_LENGTH`` characters; clients
    ``CLIENT_MIN_PASSWORD_LENGTH``. Without a known user the stricter staff rule applies."""

    def _minimum(self, user) -> int:
        role = getattr(user, "role", None)
        if role == "client":
            return settings.CLIENT_MIN_PASSWORD_LENGTH
        return settings.STAFF_MIN_PASSWORD_LENGTH

    def validate(self, password: str, user=None) -> None:
        minimum = self._minimum(user)
        if len(password) < minimum:
            raise ValidationError(
                ngettext(
                    "Use at least %(min)d character.",
                    "Use at least %(min)d characters.",
                    minimum,
                )
                % {"min": minimum},
                code="password_too_short",
                params={"min": minimum},
            )

    def get_help_text(self) -> str:
        return _("Staff passwords need at least %(staff)d characters; clients' at least %(client)d.") % {
            "staff": settings.STAFF_MIN_PASSWORD_LENGTH,
            "client": settings.CLIENT_MIN_PASSWORD_LENGTH,
        }
