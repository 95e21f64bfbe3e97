"""Reading the Spanish catalogue (polib: docs/decisions.md) and the checks the catalogue tests make."""

from __future__ import annotations

import re
from pathlib import Path

import polib

import accord

LOCALE = Path(accord.__file__).resolve().parent / "locale"
# Every language Accord ships besides English, each with its catalogue and the compiled .mo beside it.
LANGUAGES = ("es",)

# %(name)s, %s, %d, %% and {name} / {0}: what Python fills in when the message is used.
_PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{(\w*)\}")


PO_NAME = "LC_MESSAGES/django.po"


def po_path(language: str) -> Path:
    return LOCALE / language / PO_NAME


def mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.mo"


def placeholders(text: str) -> list[str]:
    """The placeholders of a message, sorted (a translation may reorder them, never drop or add one)."""
    return sorted(match.group(0) for match in _PLACEHOLDER.finditer(text))


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def problems(po: polib.POFile) -> list[str]:
    """Every entry that would show English (or nonsense) to a reader of the language, one line each."""
    found: list[str] = []
    for entry in po:
        if entry.obsolete:
            continue
        name = repr(entry.msgid[:70])
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {name}")
        texts = translations(entry)
        if not all(text.strip() for text in texts):
            found.append(f"not translated: {name}")
            continue
        expected = placeholders(entry.msgid)
        for index, text in enumerate(texts):
            # A plural's "one" form may say the number in words ("Un día") instead of %(count)s.
            source = entry.msgid_plural if entry.msgid_plural and index > 0 else entry.msgid
            wanted = placeholders(source)
            got = placeholders(text)
            if got != wanted and not (entry.msgid_plural and index == 0 and set(got) <= set(expected)):
                found.append(f"placeholders {got} instead of {wanted}: {name}")
    return found


def compiled_pairs(mo: polib.MOFile | polib.POFile) -> dict[tuple[str, str], tuple[str, ...]]:
    """What a catalogue gives a reader: (context, msgid) → translations, for translated entries only."""
    pairs = {}
    for entry in mo:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
            continue
        texts = tuple(translations(entry))
        if all(texts):
            pairs[(entry.msgctxt or "", entry.msgid)] = texts
    return pairs
