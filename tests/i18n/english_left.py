"""Finding English on a page meant to be Spanish: the catalogue's own English sentences, looked for in the
text a person reads or hears (text nodes, aria-label, title, placeholder, alt).

A page can only show a message of Accord's in English when something skipped the catalogue (a string built
in Python without gettext, a reason composed before it was translated, a stored note), so the catalogue's
English is exactly the list of sentences that must not appear. Short fragments ("Mild", "Save") are left
out: they could be a person's own words or a name; a run of four or more English words from a message is
not.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

PO_FILE = Path(__file__).resolve().parents[2] / "accord" / "locale" / "es" / "LC_MESSAGES" / "django.po"
# Where a message is cut into the literal runs a page shows: placeholders, HTML tags and line breaks.
CUT = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}|<[^>]+>|\\n|%%")
MIN_WORDS = 4
SPOKEN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


def _entries(text: str) -> list[tuple[list[str], list[str]]]:
    """(English, Spanish) strings of each translated entry of a .po file."""
    found = []
    for block in text.split("\n\n"):
        english = _field(block, r"msgid") + _field(block, r"msgid_plural")
        spanish = _field(block, r"msgstr(?:\[\d\])?")
        if any(english) and any(spanish):
            found.append((english, spanish))
    return found


def _field(block: str, name: str) -> list[str]:
    values = []
    for match in re.finditer(rf'^{name} ((?:".*"\n?)+)', block + "\n", re.M):
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))
        values.append("".join(parts).replace('\\"', '"').replace("\\\\", "\\"))
    return values


@cache
def english_sentences() -> frozenset[str]:
    """Runs of at least ``MIN_WORDS`` words of the catalogue's English that its Spanish does not share."""
    runs = set()
    for english, spanish in _entries(PO_FILE.read_text(encoding="utf-8")):
        translated = " ".join(spanish)
        for message in english:
            for run in CUT.split(message):
                run = " ".join(run.split()).strip(" .,:;—–-()“”\"'")
                if len(run.split()) >= MIN_WORDS and run not in translated:
                    runs.add(run)
    return frozenset(runs)


class _Reader(HTMLParser):
    """The words of a page a person reads or hears: text outside script/style, and the spoken attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        self.parts.extend(value for name, value in attrs if name in SPOKEN_ATTRIBUTES and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def readable_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    return " ".join(" ".join(reader.parts).split())


def english_on(html: str, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """The catalogue's English sentences found on the page (``allowed``: people's own words on it)."""
    text = readable_text(html)
    for words in allowed:
        text = text.replace(words, " ")
    return sorted(run for run in english_sentences() if run in text)
