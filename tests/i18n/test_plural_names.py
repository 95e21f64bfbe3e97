"""A plural in a template finds its Spanish only when the catalogue's entry uses the names the template
gives it. Two messages with the same English singular share one entry (gettext keys by the singular), so
``{% blocktranslate count counter=… %}Every week…`` once met forms.py's ``"Every %(n)d weeks"``: Django
could not fill ``%(n)d`` and quietly showed the English. Give such a message a ``context``."""

from __future__ import annotations

import re
from pathlib import Path

from tests.i18n.english_left import PO_FILE, _field

TEMPLATES = Path(__file__).resolve().parents[2] / "accord" / "templates"
PLURAL = re.compile(
    r"{% blocktranslate (?P<before>[^%]*?)count (?P<count>\w+)=\S+(?P<after>[^%]*)%}"
    r"(?P<singular>.*?){% plural %}(?P<plural>.*?){% endblocktranslate %}",
    re.S,
)


def _catalogue() -> dict[tuple[str, str], list[str]]:
    """(context, singular) → the Spanish forms, for each plural entry."""
    entries = {}
    for block in PO_FILE.read_text(encoding="utf-8").split("\n\n"):
        singular, plural = _field(block, "msgid"), _field(block, "msgid_plural")
        if singular and plural:
            context = (_field(block, "msgctxt") or [""])[0]
            entries[(context, singular[0])] = _field(block, r"msgstr\[\d\]")
    return entries


def test_every_plural_in_a_template_is_filled_by_the_names_it_gives():
    catalogue, problems = _catalogue(), []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for match in PLURAL.finditer(path.read_text(encoding="utf-8")):
            options = match["before"] + match["after"]
            context = (re.findall(r'context "([^"]*)"', options) or [""])[0]
            given = {match["count"], *re.findall(r"(\w+)=", options)}
            given |= set(re.findall(r"{{ (\w+) }}", match["singular"] + match["plural"]))
            singular = re.sub(r"{{ (\w+) }}", r"%(\1)s", match["singular"])
            spanish = catalogue.get((context, singular), [])
            used = {name for form in spanish for name in re.findall(r"%\((\w+)\)", form)}
            if not spanish or used - given:
                problems.append(
                    f"{path.relative_to(TEMPLATES)}: {singular[:40]!r} needs {sorted(used - given)}"
                )
    assert not problems, "\n".join(problems)
