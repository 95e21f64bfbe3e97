"""Typo tolerance: the words the coach's rules look for (action verbs, feelings, months, days and time words),
spelt a letter or two wrong, are read as the word meant — "wlak" as walk, "untill Febuary" as until February.

symspellpy does the lookup (docs/decisions.md says why). A word is only corrected when it is not an English
word at all (symspellpy's bundled 82,765-word frequency list) and lies within one edit (words of up to four
letters) or two edits (longer words) of a word the coach reads, so real words and names are left alone and
nothing is ever downloaded: both lists ship inside the package.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from symspellpy import SymSpell, Verbosity

from accord.goals.smart.lexicon import ACTION_VERBS, FEELING_WORDS, IRREGULAR_FORMS

# Words the rules read besides verbs and feelings. Months and days in full; time words; common goal nouns.
TIME_WORDS = """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday weekday weekdays weekend weekends weeknights
    minute minutes hour hours day days daily night nights nightly morning mornings evening evenings afternoon
    week weeks weekly fortnight fortnightly month months monthly year years term semester summer spring autumn
    winter christmas easter birthday until till within during before after next end every each twice times
    once three four five seven eight nine twenty thirty forty fifty hundred tomorrow tonight today following
    coming self esteem confidence medication antidepressants tablets
"""
SHORT_WORD = 4  # up to this length, one edit; longer words, two
MIN_LENGTH = 3


@lru_cache(maxsize=1)
def english_words() -> dict[str, int]:
    """symspellpy's bundled English frequency list: word → count (about 0.4 s to read, once per process)."""
    path = files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _sep, count = line.partition(" ")
        counts[word] = int(count or 0)
    return counts


def _forms(verb: str) -> set[str]:
    """A verb's regular forms; only the ones that are real English words are kept by the caller."""
    stem = verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb
    doubled = verb + verb[-1] if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", verb) else verb
    return {verb, verb + "s", verb + "es", stem + "ing", doubled + "ing", stem + "ed", doubled + "ed"}


@lru_cache(maxsize=1)
def _speller() -> SymSpell:
    english = english_words()
    vocabulary = set(TIME_WORDS.split()) | set(FEELING_WORDS) | set(IRREGULAR_FORMS)
    for verb in ACTION_VERBS:
        vocabulary |= _forms(verb)
    speller = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    for word in sorted(vocabulary):
        if word in english and len(word) >= MIN_LENGTH:
            speller.create_dictionary_entry(word, english[word])
    return speller


def _suggest(word: str) -> str | None:
    lowered = word.lower()
    if len(lowered) < MIN_LENGTH or lowered in english_words():
        return None
    distance = 1 if len(lowered) <= SHORT_WORD else 2
    found = _speller().lookup(lowered, Verbosity.CLOSEST, max_edit_distance=distance)
    if not found:
        return None
    best: str = found[0].term
    if word[:1].isupper():
        best = best[:1].upper() + best[1:]
    return best


def correct(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with misspelt coach words corrected, and each (as written, read as) pair once."""
    changes: dict[str, str] = {}

    def fix(m: re.Match[str]) -> str:
        suggestion = _suggest(m.group(0))
        if suggestion is None:
            return m.group(0)
        changes.setdefault(m.group(0), suggestion)
        return suggestion

    corrected = re.sub(r"(?<![\w'])[A-Za-z]+(?![\w'])", fix, text)
    return corrected, list(changes.items())
