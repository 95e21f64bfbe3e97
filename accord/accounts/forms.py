"""Forms for the therapist, client, invitation and practice pages. All input validation lives here."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accord.accounts.models import Invitation, Practice, Role, User, language_choices


def email_already_taken(email: str, practice: Practice | None = None) -> bool:
    """True when an account or a still-usable invitation already holds ``email`` (one account per email).

    With ``practice``, only that practice's people and invitations count: whether an address is in use in
    another practice must not show in this one's answers (see ``accounts.actions.email_taken_elsewhere``)."""
    users = User.objects.filter(email__iexact=email)
    invitations = Invitation.objects.usable().filter(email__iexact=email)
    if practice is not None:
        users, invitations = users.filter(practice=practice), invitations.filter(practice=practice)
    return users.exists() or invitations.exists()


def clean_new_email(email: str, practice: Practice | None = None) -> str:
    email = email.strip().lower()
    if email and email_already_taken(email, practice):
        raise forms.ValidationError(
            _("This email address already has an Accord account or a pending invitation."),
            code="email_taken",
        )
    return email


def language_field(
    label: StrOrPromise, help_text: StrOrPromise = "", *, required: bool = False
) -> forms.ChoiceField:
    """A choice of Accord's languages, each in its own name; starts at the language of the page."""
    return forms.ChoiceField(
        label=label, help_text=help_text, choices=language_choices, required=required, initial=get_language
    )


INVITATION_LANGUAGE_HELP = _("The invitation email, and Accord once they sign in, are in this language.")


class AddClientForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name the client goes by"),
        max_length=150,
        help_text=_("A first name or nickname is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        help_text=_(
            "With an email address, the client gets a link to set a password that works once and expires "
            "after 7 days. Without one, the client uses Accord only in session with you."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    language = language_field(_("Language"), INVITATION_LANGUAGE_HELP)

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the name the client goes by."), code="required")
        return name

    def __init__(self, *args, practice: Practice | None = None, choose_therapist: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        if choose_therapist:
            # A practice admin adds a client for one of the practice's therapists, who becomes primary.
            therapist = TherapistField(
                label=_("Therapist"),
                queryset=User.objects.filter(practice=practice, role=Role.THERAPIST, is_active=True).order_by(
                    "full_name", "email"
                ),
                help_text=_("The client's primary therapist; you can change the care team later."),
                empty_label=_("Choose a therapist"),
                error_messages={
                    "required": _("Choose the client's therapist."),
                    "invalid_choice": _("Choose one of the therapists in the list."),
                },
            )
            self.fields["therapist"] = therapist

    def clean_email(self) -> str:
        return clean_new_email(self.cleaned_data.get("email") or "", self.practice)


class InviteClientForm(forms.Form):
    email = forms.EmailField(
        label=_("Client's email address"),
        help_text=_("They get a link to set a password. It works once and expires after 7 days."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    language = language_field(_("Language"), INVITATION_LANGUAGE_HELP)

    def __init__(self, *args, practice: Practice | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice

    def clean_email(self) -> str:
        return clean_new_email(self.cleaned_data["email"], self.practice)


class InviteTherapistForm(forms.Form):
    full_name = forms.CharField(
        label=_("Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("They get a link to set a password. It works once and expires after 7 days."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    language = language_field(_("Language"), INVITATION_LANGUAGE_HELP)

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the therapist's name."), code="required")
        return name

    def __init__(self, *args, practice: Practice | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice

    def clean_email(self) -> str:
        return clean_new_email(self.cleaned_data["email"], self.practice)


class AcceptInvitationForm(forms.Form):
    """Choose a name and password. The password rules depend on the invited role (staff need more)."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("How Accord greets you. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        self.invitation = invitation
        kwargs.setdefault("initial", {"full_name": suggested_name(invitation)})
        super().__init__(*args, **kwargs)
        minimum = _minimum_password_length(invitation.role)
        self.fields["password1"].help_text = _(
            "At least %(min)d characters. A few unrelated words work well."
        ) % {"min": minimum}
        self.fields["password1"].widget.attrs["minlength"] = minimum

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter your name."), code="required")
        return name

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            self._validate_password(password1, cleaned.get("full_name") or "")
        if User.objects.filter(email__iexact=self.invitation.email).exists():
            raise forms.ValidationError(
                _("An account with this email address already exists. Sign in, or ask for a new link."),
                code="email_taken",
            )
        return cleaned

    def _validate_password(self, password: str, full_name: str) -> None:
        # An unsaved user carrying the invited role, so the role's minimum length and the similarity
        # check against name and email apply.
        candidate = User(email=self.invitation.email, full_name=full_name, role=self.invitation.role)
        try:
            password_validation.validate_password(password, candidate)
        except forms.ValidationError as error:
            self.add_error("password1", error)


def suggested_name(invitation: Invitation) -> str:
    if invitation.client is not None:
        return invitation.client.display_name
    return invitation.full_name


def _minimum_password_length(role: str) -> int:
    if role == Role.CLIENT:
        return settings.CLIENT_MIN_PASSWORD_LENGTH
    return settings.STAFF_MIN_PASSWORD_LENGTH


def _therapist_label(user: User) -> str:
    if not user.is_active:
        return str(_("%(name)s (deactivated)") % {"name": user.full_name})
    return user.full_name


class TherapistField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _therapist_label(obj)


class TherapistsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _therapist_label(obj)


class CareTeamForm(forms.Form):
    """Who looks after a client: one or more of the practice's therapists, exactly one of them primary."""

    members = TherapistsField(
        label=_("Therapists on the care team"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one therapist.")},
    )
    primary = TherapistField(
        label=_("Primary therapist"),
        queryset=User.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose the primary therapist.")},
    )

    def __init__(self, *args, practice: Practice, current_member_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        # Active therapists can be added; a deactivated one still on the team is listed so they can be
        # removed, but cannot become primary.
        choices = User.objects.filter(practice=practice, role=Role.THERAPIST).filter(
            Q(is_active=True) | Q(pk__in=current_member_ids)
        )
        # self.fields is typed as plain Fields; these two are declared model choice fields above.
        members = cast(forms.ModelMultipleChoiceField, self.fields["members"])
        primary = cast(forms.ModelChoiceField, self.fields["primary"])
        members.queryset, primary.queryset = choices, choices.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        members, primary = cleaned.get("members"), cleaned.get("primary")
        if members is not None and primary is not None and primary not in members:
            self.add_error("primary", _("The primary therapist must also be on the care team."))
        return cleaned


class PracticeSettingsForm(forms.ModelForm):
    class Meta:
        model = Practice
        fields = [
            "name",
            "default_session_minutes",
            "default_checkin_interval_weeks",
            "default_checkin_weekday",
            "default_checkin_time",
            "crisis_text",
        ]
        widgets = {
            "default_checkin_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "crisis_text": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "default_session_minutes": _("Between 15 and 240 minutes."),
            "default_checkin_interval_weeks": _("Between 1 and 8 weeks. New clients start with this rhythm."),
            "default_checkin_time": _("In each client's own time zone."),
            "crisis_text": _(
                "Shown to clients on their home page, exactly as written: if your clients read Accord in "
                "more than one language, write it in each. Up to 2,000 characters."
            ),
        }

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the practice's name."), code="required")
        return name

    def clean_crisis_text(self) -> str:
        text = self.cleaned_data["crisis_text"].strip()
        if not text:
            raise forms.ValidationError(
                _("Clients must always see where to get help in a crisis."), code="required"
            )
        return text


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_(
            "What the token is for, so you can tell your tokens apart (for example “Clinic reports”)."
        ),
        error_messages={"required": _("Give the token a name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class EmailPreferencesForm(forms.Form):
    """A client's choice of the emails Accord may send them (each is a link only, never what is in Accord)."""

    email_when_goal_waits = forms.BooleanField(
        label=_("Email me when a goal waits for my agreement"),
        required=False,
        help_text=_("The email has only a link: it never says what the goal is."),
    )


class LanguageForm(forms.Form):
    """The person's own language: pages, emails, PDFs and API messages for them are in it."""

    language = language_field(
        _("Language"),
        _("Accord's pages and the emails it sends you are in this language."),
        required=True,
    )
