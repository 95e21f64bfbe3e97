"""Practices, the people in them and who may see whom.

A *practice* owns its staff (admins, therapists) and its clients. A client record (``Client``) exists
apart from a sign-in (``User``) because a therapist may create a client who never signs in. Who may see a
client is decided by the care team (``CareTeamMember``), through ``Client.objects.visible_to(user)`` and the
access helpers in ``accord.accounts.access`` — nothing else filters by owner.
"""

import datetime as dt
import hashlib
import secrets
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


def time_zone_choices() -> list[tuple[str, str]]:
    """For forms. Not on the model fields: the list changes with tzdata and would churn migrations."""
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone from the list."), code="invalid_time_zone")


def language_choices() -> list[tuple[str, str]]:
    """For forms: each language in its own name, so a person who reads only that language finds it."""
    return [(code, capfirst(get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES]


def validate_language(value: str) -> None:
    if value not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Choose a language from the list."), code="invalid_language")


def hash_token(raw: str) -> str:
    """Tokens in links and API headers are stored only as SHA-256 digests (they are long and random)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


DEFAULT_CRISIS_TEXT = _(
    "If you are in danger or thinking about ending your life, call your local emergency number now. "
    "You can also contact a crisis line any time, day or night."
)


class Practice(models.Model):
    name = models.CharField(_("practice name"), max_length=200)
    default_session_minutes = models.PositiveSmallIntegerField(
        _("default session length (minutes)"),
        default=50,
        validators=[MinValueValidator(15), MaxValueValidator(240)],
    )
    default_checkin_interval_weeks = models.PositiveSmallIntegerField(
        _("check in every (weeks)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    default_checkin_weekday = models.PositiveSmallIntegerField(
        _("check-in day"), choices=Weekday.choices, default=Weekday.SUNDAY
    )
    default_checkin_time = models.TimeField(_("check-in time"), default=dt.time(18, 0))
    crisis_text = models.TextField(
        _("crisis resources shown to clients"), default=DEFAULT_CRISIS_TEXT, max_length=2000
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def crisis_text_shown(self) -> str:
        """The crisis resources in the reader's language when the practice kept Accord's default wording
        (stored in whichever language was active when the practice was made); a practice's own text as is."""
        text = self.crisis_text.strip()
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                is_default = text == str(DEFAULT_CRISIS_TEXT)
            if is_default:
                return str(DEFAULT_CRISIS_TEXT)  # in the active language, outside the override
        return self.crisis_text


class Role(models.TextChoices):
    ADMIN = "admin", _("Practice admin")
    THERAPIST = "therapist", _("Therapist")
    CLIENT = "client", _("Client")


STAFF_ROLES = (Role.ADMIN, Role.THERAPIST)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


def short_name(full_name: str) -> str:
    """How Accord names a person in passing: the first word of their name ("Tess" for "Tess Taylor")."""
    return full_name.split(" ")[0]


class User(AbstractUser):
    """A person who signs in. ``role`` is their job in their practice; one role per account."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150)
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CLIENT)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    # Pages, emails, PDFs and API messages for this person are in it (accounts.middleware, accord.mail).
    # No choices on the field: adding a language must not need a migration (like the time zone).
    language = models.CharField(
        _("language"), max_length=10, default=settings.LANGUAGE_CODE, validators=[validate_language]
    )
    deactivated_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]
    objects = UserManager()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["full_name"]
        indexes = [models.Index(fields=["practice", "role"])]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return short_name(self.full_name) if self.full_name else self.email

    @property
    def is_practice_admin(self) -> bool:
        return self.role == Role.ADMIN and self.practice_id is not None

    @property
    def is_therapist(self) -> bool:
        return self.role == Role.THERAPIST and self.practice_id is not None

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def is_practice_staff(self) -> bool:
        return self.role in STAFF_ROLES and self.practice_id is not None


class ClientQuerySet(models.QuerySet["Client"]):
    def visible_to(self, user) -> "ClientQuerySet":
        """Clients whose record ``user`` may open: their care team's therapists and the client themself.

        Practice admins see names and care teams on the admin pages through ``in_practice_of``; they
        are not on a care team and so do not see clinical pages here.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_client:
            return self.filter(user=user, is_active=True)
        if user.is_therapist:
            return self.filter(practice_id=user.practice_id, care_team__therapist=user, is_active=True)
        return self.none()

    def in_practice_of(self, user) -> "ClientQuerySet":
        if not getattr(user, "is_practice_admin", False):
            return self.none()
        return self.filter(practice_id=user.practice_id)


class Client(models.Model):
    """A person in therapy at a practice; ``user`` is empty for in-session-only clients."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="clients")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client_profile",
    )
    display_name = models.CharField(_("name the client goes by"), max_length=150)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    is_active = models.BooleanField(default=True)
    # The client's own choice on their account page: a link-only email when a goal waits for their agreement.
    email_when_goal_waits = models.BooleanField(
        _("email me when a goal waits for my agreement"), default=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        indexes = [models.Index(fields=["practice", "display_name"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def has_account(self) -> bool:
        return self.user_id is not None

    def primary_therapist(self):
        for member in self.care_team.all():
            if member.is_primary:
                return member.therapist
        return None


class CareTeamMember(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="care_team")
    therapist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_of")
    is_primary = models.BooleanField(default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_primary", "added_at"]
        constraints = [
            models.UniqueConstraint(fields=["client", "therapist"], name="care_team_unique_member"),
            models.UniqueConstraint(
                fields=["client"], condition=Q(is_primary=True), name="care_team_one_primary"
            ),
        ]
        indexes = [models.Index(fields=["therapist", "client"])]

    def __str__(self) -> str:
        return f"{self.therapist} → {self.client}"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def usable(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use, expiring link to join a practice; only the token's digest is stored."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    # The name the inviter typed, offered back to the invitee when they choose their own.
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    # The language of the invitation email and of the account it opens (the invitee can change it later).
    language = models.CharField(
        _("language"), max_length=10, default=settings.LANGUAGE_CODE, validators=[validate_language]
    )
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation #{self.pk} ({self.role})"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal API token: shown once, stored as a digest, carrying exactly its owner's rights."""

    PREFIX = "acc_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("token name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The first characters, to tell tokens apart.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """Create a token and return it with the raw secret, which is never stored or shown again."""
        raw = cls.PREFIX + new_token()
        token = cls.objects.create(user=user, name=name, token_hash=hash_token(raw), hint=raw[:10])
        return token, raw


class ClientDataVersion(models.Model):
    """A token that changes whenever anything shown about the client changes (``accord.dataversion``).

    Rendered pages about the client are cached under it (``accord.pagecache``). It is a fresh random value
    each time, never a counter, so no reset, restore or stale save can make an old cached page current
    again; only ``accord.dataversion`` writes it."""

    client = models.OneToOneField(
        Client, on_delete=models.CASCADE, primary_key=True, related_name="data_version"
    )
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"data version of client {self.client_id}"
