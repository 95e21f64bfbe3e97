"""Visible text in a template that no translation tag carries: what a Spanish reader would see in English.

Removed before looking: comments, ``{% translate %}`` and ``{% blocktranslate %}…{% endblocktranslate %}``,
every other tag and variable, HTML tags (the attributes people read, ``alt``, ``title``, ``placeholder``,
``aria-label``, are looked at on their own), scripts and styles, entities. What is left must be whitespace,
punctuation, digits, symbols or a name in ``ALLOWED`` (names that read the same in every language).
"""

from __future__ import annotations

import re
from pathlib import Path

import accord

TEMPLATE_ROOT = Path(accord.__file__).resolve().parent / "templates"

# Names, not words: the same in English and Spanish.
ALLOWED = {
    "Accord",
    "PHQ-9",
    "GAD-7",
    "GAS",
    "FHIR",
    "JSON",
    "PDF",
    "API",
    "SMART",
    "TOTP",
    "T",
    "R4",
    "ICS",
    "iCalendar",
    "openapi.json",
    # the GAS T-score's formula, written out on the therapist's page
    "Σ",
    "wᵢ",
    "xᵢ",
    "Σwᵢ",
    "Σwᵢ²",
    "²",
}

_COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
_COMMENT = re.compile(r"{#.*?#}", re.S)
# {% block page_class %}page--narrow{% endblock %}: CSS classes, not text.
_CLASS_BLOCK = re.compile(r"{%\s*block\s+\w*class\s*%}.*?{%\s*endblock\s*%}", re.S)
_BLOCKTRANS = re.compile(r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
_TAG = re.compile(r"{%.*?%}", re.S)
_VARIABLE = re.compile(r"{{.*?}}", re.S)
_RAW = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_HTML_TAG = re.compile(r"<[^>]*>", re.S)
_READ_ATTRIBUTES = re.compile(
    r"""\b(?:alt|title|placeholder|aria-label|aria-description|aria-valuetext)\s*=\s*(["'])(.*?)\1""", re.S
)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)


def _without_translated(text: str) -> str:
    for pattern in (_COMMENT_BLOCK, _COMMENT, _CLASS_BLOCK, _BLOCKTRANS, _RAW):
        text = pattern.sub(" ", text)
    # Tags and variables go before the HTML tags: "{% if level > 0 %}" inside an attribute has a ">".
    return _VARIABLE.sub(" ", _TAG.sub(" ", text))


def _leftover_words(text: str) -> list[str]:
    text = _ENTITY.sub(" ", text)
    words = [word.strip(".'’-") for word in _WORD.findall(text)]
    return [word for word in words if word and word not in ALLOWED and not _is_allowed_name(word, text)]


def _is_allowed_name(word: str, text: str) -> bool:
    return any(word in name.split("-") for name in ALLOWED if "-" in name)


def untranslated_text(source: str, *, html: bool = True) -> list[str]:
    """The words of ``source`` (a template) that a reader would see untranslated."""
    text = _without_translated(source)
    found: list[str] = []
    if html:
        for _quote, value in _READ_ATTRIBUTES.findall(text):
            found += _leftover_words(value)
        text = _HTML_TAG.sub(" ", text)
    found += _leftover_words(text)
    return found


def templates() -> list[Path]:
    roots = [TEMPLATE_ROOT, *Path(accord.__file__).resolve().parent.glob("*/templates")]
    return sorted(path for root in roots for path in root.rglob("*") if path.suffix in (".html", ".txt"))


def scan() -> dict[str, list[str]]:
    found = {}
    for path in templates():
        words = untranslated_text(path.read_text(encoding="utf-8"), html=path.suffix == ".html")
        if words:
            found[str(path.relative_to(TEMPLATE_ROOT.parent))] = words
    return found
