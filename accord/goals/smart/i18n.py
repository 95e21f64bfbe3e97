"""Translating the coach's user-facing strings.

Every message is an English msgid with %(name)s placeholders, filled after translation
(`_("Time frame: “%(phrase)s”.") % dict(phrase=…)`), so the Spanish catalogue (accord/locale) can move the
words around. `_` translates through Django's `gettext` into the active language when Django is set up and its
apps are loaded; otherwise (the coach run on its own, or while the app registry loads) it returns the English.
Strings defined at import time are marked with `gettext_noop` and translated where they are used, so they
follow the language of each request rather than the one active when the module was imported.

Examples built from a Spanish statement are Spanish already (es/examples.py) and don't go through here.
"""

from __future__ import annotations

import sys


def gettext_noop(message: str) -> str:
    """Mark a string for the catalogue without translating it (it is translated where it's used)."""
    return message


def _django_gettext(message: str) -> str:
    try:
        from django.apps import apps
        from django.conf import settings
        from django.utils.translation import gettext
    except ImportError:  # pragma: no cover - Django is a dependency of the app, not of the rules
        return message
    if not settings.configured or not apps.ready:
        return message
    return gettext(message)


def _(message: str) -> str:
    """Translate a user-facing string into the active language. Every module of the package calls the
    package's `_` through here, so there is one marker to replace (a test swaps `accord.goals.smart._` to
    prove every line is marked); by default that marker is `gettext_noop` and Django's gettext translates."""
    package = sys.modules.get("accord.goals.smart")
    marker = getattr(package, "_", None)
    if marker is not None and marker is not _ and marker is not gettext_noop:
        return str(marker(message))
    return _django_gettext(message)
