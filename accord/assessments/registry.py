"""The instrument registry: questionnaire definitions kept as JSON data, checked strictly when loaded.

Definitions are data so that a practice can drop its own licensed instruments into a folder (named by a
setting) without writing code. Every definition is validated when it is loaded, because a typo in a band, an
option value or a scoring list would otherwise mis-score a clinical questionnaire in silence; we would rather
refuse to start, with a message that names the file and the field.

Versions: each file carries an integer ``version``. New responses use the newest version of an instrument;
stored responses keep the (key, version) they were answered with, so ``load_versions`` keeps them all.

The definitions themselves are in ``definitions``, the file format and its checks in ``definition_files``.
Pure Python (the standard library and pydantic) so that it can be tested and reused without Django.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from accord.assessments.definition_files import parse_instrument
from accord.assessments.definitions import (
    AUDIENCES,
    CATEGORIES,
    KINDS,
    SCORING_METHODS,
    SEVERITIES,
    Band,
    Flag,
    Instrument,
    InstrumentDefinitionError,
    Item,
    Loinc,
    Option,
    Rule,
    Scoring,
)

__all__ = [
    "AUDIENCES",
    "BUILTIN_DIR",
    "CATEGORIES",
    "KINDS",
    "SCORING_METHODS",
    "SEVERITIES",
    "Band",
    "Flag",
    "Instrument",
    "InstrumentDefinitionError",
    "Item",
    "Loinc",
    "Option",
    "Rule",
    "Scoring",
    "all_instruments",
    "builtin_instruments",
    "builtin_versions",
    "load_directory",
    "load_instrument",
    "load_versions",
    "parse_instrument",
]

BUILTIN_DIR = Path(__file__).resolve().parent / "instruments"


# --- loading ----------------------------------------------------------------------------------------------


def load_instrument(path: str | Path) -> Instrument:
    """Read and validate one JSON definition file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentDefinitionError(str(path), "", f"cannot be read ({exc})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        raise InstrumentDefinitionError(str(path), "", problem) from exc
    return parse_instrument(data, source=str(path))


def load_versions(directory: str | Path) -> dict[tuple[str, int], Instrument]:
    """Every definition in a folder, by (key, version). Two files claiming the same pair is an error."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InstrumentDefinitionError(str(directory), "", "is not a folder of instrument definitions")
    found: dict[tuple[str, int], Instrument] = {}
    for path in sorted(directory.glob("*.json")):
        instrument = load_instrument(path)
        pair = (instrument.key, instrument.version)
        if pair in found:
            problem = f"key {pair[0]!r} version {pair[1]} is already defined in {found[pair].source}"
            raise InstrumentDefinitionError(str(path), "version", problem)
        found[pair] = instrument
    return found


def load_directory(directory: str | Path) -> dict[str, Instrument]:
    """The newest version of each instrument in a folder, by key (what new responses should use)."""
    return _newest(load_versions(directory).values())


def builtin_versions() -> dict[tuple[str, int], Instrument]:
    return dict(_builtin_versions())


def builtin_instruments() -> dict[str, Instrument]:
    """The instruments shipped with Accord: PHQ-9, GAD-7, readiness ruler, session check-in, intake."""
    return _newest(_builtin_versions().values())


def all_instruments(practice_dir: str | Path | None = None) -> dict[str, Instrument]:
    """Built-in instruments plus a practice's own folder (if any), newest version of each.

    A practice instrument may not reuse a built-in key: the PHQ-9's scoring and safety rule must not be
    replaced by a file dropped into a folder.
    """
    instruments = builtin_instruments()
    if practice_dir is None:
        return instruments
    for key, instrument in load_directory(practice_dir).items():
        if key in instruments:
            problem = f"{key!r} is a built-in instrument; give your instrument a key of its own"
            raise InstrumentDefinitionError(instrument.source, "key", problem)
        instruments[key] = instrument
    return instruments


@cache
def _builtin_versions() -> Mapping[tuple[str, int], Instrument]:
    # Cached: the files ship with the code and do not change while the process runs.
    return MappingProxyType(load_versions(BUILTIN_DIR))


def _newest(instruments: Iterable[Instrument]) -> dict[str, Instrument]:
    newest: dict[str, Instrument] = {}
    for instrument in instruments:
        if instrument.key not in newest or instrument.version > newest[instrument.key].version:
            newest[instrument.key] = instrument
    return newest
