"""No template shows text that no translation tag carries, and every date format a template names exists in
every language (a name missing from one would print as itself)."""

from __future__ import annotations

import importlib
import re

import pytest
from django.conf import settings

from tests.i18n.template_scan import TEMPLATE_ROOT, scan, templates, untranslated_text


def test_no_template_shows_untranslated_text():
    found = scan()
    assert not found, "wrap these in {% translate %} / {% blocktranslate %}:\n" + "\n".join(
        f"{path}: {words[:8]}" for path, words in found.items()
    )


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("<p>Hello {{ name }}</p>", ["Hello"]),
        ('<p>{% translate "Hello" %}, {{ name }}!</p>', []),
        ("{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}", []),
        ('<img alt="A chart" src="x.png">', ["A", "chart"]),
        ('<img alt="{% translate \'A chart\' %}" src="x.png">', []),
        ('<span class="level--{% if level > 0 %}above{% endif %}">&nbsp;—</span>', []),
        ("{# a comment #}{% comment %}Notes{% endcomment %}<b>Accord</b> · PHQ-9", []),
        ("{% block page_class %}page--narrow{% endblock %}", []),
        ("{% if x %}Yes{% endif %}", ["Yes"]),
    ],
)
def test_the_scan_finds_visible_words_only(source, words):
    assert untranslated_text(source) == words


def test_the_scan_reads_every_template():
    ours = [path for path in templates() if path.is_relative_to(TEMPLATE_ROOT)]
    names = {str(path.relative_to(TEMPLATE_ROOT)) for path in ours}
    assert {"base.html", "checkins/email/reminder.txt", "account/account_page.html"} <= names


def _named_formats_used() -> set[str]:
    used: set[str] = set()
    for path in templates():
        used |= set(re.findall(r"\|(?:date|time):[\"']([A-Z_]+)[\"']", path.read_text(encoding="utf-8")))
    return used


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_language_defines_every_named_date_format(language):
    module = importlib.import_module(f"accord.formats.{language}.formats")
    english = importlib.import_module("accord.formats.en.formats")
    names = {name for name in dir(english) if name.endswith("_FORMAT")} | _named_formats_used()
    missing = sorted(name for name in names if not isinstance(getattr(module, name, None), str))
    assert not missing, f"accord/formats/{language}/formats.py lacks {missing}"
