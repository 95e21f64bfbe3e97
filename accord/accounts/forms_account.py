"""Forms of the account page."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
