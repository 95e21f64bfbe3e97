"""Which instruments exist for this installation and which a practice offers, and the change convention.

The registry (``registry.py``) reads definition files; this module adds the Django side: the practice's own
folder named by ``ACCORD_INSTRUMENTS_DIR``, the practice's on/off choices (``PracticeInstrument``), and the
thresholds used to judge change, which are settings because they are conventions (CLINICAL.md).
"""

from __future__ import annotations

from functools import cache
from types import MappingProxyType

from django.conf import settings
from django.utils.translation import get_language

from accord.assessments.models import PracticeInstrument
from accord.assessments.own_wording import in_language
from accord.assessments.registry import (
    Instrument,
    all_instruments,
    builtin_versions,
    load_versions,
)
from accord.assessments.scoring import NHS_TALKING_THERAPIES, ChangeConvention

INTAKE_KEY = "intake"
PHQ9_KEY = "phq9"
GAD7_KEY = "gad7"
# On for every practice until its admin turns them off. A practice's own instruments start off.
DEFAULT_ENABLED = ("phq9", "gad7", "readiness", "session_checkin")


def instruments_dir() -> str | None:
    return getattr(settings, "ACCORD_INSTRUMENTS_DIR", None) or None


# Shown in this order (the usual order of use); a practice's own instruments follow by key.
DISPLAY_ORDER = ("intake", "phq9", "gad7", "readiness", "session_checkin")


@cache
def _instruments(directory: str | None, language: str) -> dict[str, Instrument]:
    # Cached per folder and language: definitions are read once per process (restart to pick up a new file).
    found = all_instruments(directory)
    rank = {key: index for index, key in enumerate(DISPLAY_ORDER)}
    return {
        key: in_language(found[key], language)
        for key in sorted(found, key=lambda key: (rank.get(key, len(rank)), key))
    }


@cache
def _versions(directory: str | None, language: str) -> dict[tuple[str, int], Instrument]:
    versions = builtin_versions()
    if directory:
        versions.update(load_versions(directory))
    return {key: in_language(instrument, language) for key, instrument in versions.items()}


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def instruments() -> dict[str, Instrument]:
    """Every instrument this installation knows (newest version of each), the intake included; Accord's own
    in the reader's language (``own_wording``), every other in its published wording."""
    return _instruments(instruments_dir(), _language())


def get_instrument(key: str) -> Instrument | None:
    return instruments().get(key)


def intake_instrument() -> Instrument:
    return instruments()[INTAKE_KEY]


def instrument_version(key: str, version: int) -> Instrument | None:
    """The definition a stored response was answered with (for showing its questions and labels)."""
    return _versions(instruments_dir(), _language()).get((key, version)) or get_instrument(key)


def stored_instrument(key: str, version: int) -> Instrument:
    """``instrument_version`` for a response or intake Accord stored: its definition (or the current one)
    is always installed, since a definition is never removed while answers to it are kept."""
    instrument = instrument_version(key, version)
    if instrument is None:
        raise LookupError(f"No definition of the instrument {key!r} is installed.")
    return instrument


def measures() -> dict[str, Instrument]:
    """Instruments that can be assigned and answered as measures: everything but the intake."""
    return {key: instrument for key, instrument in instruments().items() if key != INTAKE_KEY}


def enabled_measures(practice) -> dict[str, Instrument]:
    """The measures ``practice`` offers, in the registry's order."""
    choices = dict(
        PracticeInstrument.objects.filter(practice=practice).values_list("instrument_key", "enabled")
    )
    return {
        key: instrument for key, instrument in measures().items() if choices.get(key, key in DEFAULT_ENABLED)
    }


CUSTOM_CONVENTION_NAME = "Thresholds set for this installation"


def change_convention() -> ChangeConvention:
    """The thresholds that judge change: NHS Talking Therapies' unless the operator set others
    (``ACCORD_PHQ9_RELIABLE_CHANGE`` and friends, read into ``ACCORD_RELIABLE_CHANGE`` and
    ``ACCORD_CASENESS``; docs/configuration.md). The name shown beside every judgement is
    ``ACCORD_CHANGE_CONVENTION_NAME`` when set; otherwise "NHS Talking Therapies" only while the numbers are
    that convention's, so a page never credits a convention with thresholds it does not use."""
    nhs = NHS_TALKING_THERAPIES
    reliable = {**nhs.reliable_change, **(getattr(settings, "ACCORD_RELIABLE_CHANGE", None) or {})}
    caseness = {**nhs.caseness, **(getattr(settings, "ACCORD_CASENESS", None) or {})}
    name = getattr(settings, "ACCORD_CHANGE_CONVENTION_NAME", "") or ""
    if reliable == dict(nhs.reliable_change) and caseness == dict(nhs.caseness):
        return nhs if not name or name == nhs.name else ChangeConvention(name=name)
    return ChangeConvention(
        name=name or CUSTOM_CONVENTION_NAME,
        reliable_change=MappingProxyType(reliable),
        caseness=MappingProxyType(caseness),
    )
