"""The motivational-interviewing prompts are listed for the catalogue and read in the therapist's language."""

from __future__ import annotations

import string

from django.utils import translation

from accord.goals import mi_wording, motivation


def test_every_prompt_of_the_file_is_listed_for_the_catalogue():
    """A changed mi_prompts.json needs mi_wording.WORDING changed with it, or makemessages misses it."""
    texts = {prompt.text for prompt in motivation.builtin_prompts().prompts}
    listed = set(mi_wording.WORDING)
    assert not texts - listed, f"add to mi_wording.WORDING: {sorted(texts - listed)[:3]}"
    assert not listed - texts, f"no longer in mi_prompts.json: {sorted(listed - texts)[:3]}"


def test_every_prompt_has_spanish_with_the_same_placeholders():
    for text in mi_wording.WORDING:
        with translation.override("es"):
            spanish = translation.gettext(text)
        assert spanish != text, f"no Spanish for {text[:40]!r}"
        assert _placeholders(spanish) == _placeholders(text), text[:40]


def _placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name}
