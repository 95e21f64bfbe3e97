from __future__ import annotations

from django.utils import translation


def spanish(english: str) -> str:
    """The catalogue's Spanish for a message; fails when it has none (the test would prove nothing)."""
    with translation.override("es"):
        text = translation.gettext(english)
    assert text != english, f"no Spanish for {english!r} in es/django.po"
    return text
