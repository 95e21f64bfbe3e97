"""Accord's own questionnaires are read in the reader's language; validated ones never are."""

from __future__ import annotations

import pytest
from django.utils import translation

from accord.assessments import catalogue, own_wording
from accord.assessments.registry import builtin_instruments


def test_every_text_of_accords_own_questionnaires_is_listed_for_the_catalogue():
    """A changed definition file needs own_wording.WORDING changed with it, or makemessages misses it."""
    texts = {
        text for key in own_wording.OWN for text in own_wording.texts_of(builtin_instruments()[key]) if text
    }
    listed = set(own_wording.WORDING)
    assert not texts - listed, f"add to own_wording.WORDING: {sorted(texts - listed)[:5]}"
    assert not listed - texts, f"no longer in any definition: {sorted(listed - texts)[:5]}"


def test_only_unvalidated_instruments_are_accords_own():
    for key in own_wording.OWN:
        assert not builtin_instruments()[key].validated


@pytest.mark.parametrize("key", ["phq9", "gad7"])
def test_validated_instruments_are_never_translated(key):
    english = catalogue.get_instrument(key)
    with translation.override("es"):
        shown = catalogue.get_instrument(key)
        assert shown is not None and shown.in_another_language
    assert shown == english


def test_the_intake_is_read_in_spanish(db):
    english = catalogue.intake_instrument()
    with translation.override("es"):
        spanish = catalogue.intake_instrument()
        assert not spanish.in_another_language
        assert spanish.stem == translation.gettext(english.stem) != english.stem
    assert [item.key for item in spanish.items] == [item.key for item in english.items]  # answers still fit
    assert catalogue.intake_instrument() is english
