"""Accord's own questionnaires (intake, readiness ruler, session check-in) in the reader's language.

Their wording is Accord's, not a published instrument's, so it is translated like the rest of Accord: through
the message catalogue. ``WORDING`` lists every text of their definition files for ``makemessages`` (which
does not read JSON); ``tests/assessments/test_own_wording.py`` fails when a definition and this list differ.
Validated instruments (PHQ-9, GAD-7, a practice's licensed ones) are never translated here: they stay in
their published wording, with a note (docs/languages.md).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from django.utils import translation
from django.utils.translation import gettext_noop

from accord.assessments.definitions import Instrument, Item, Option

# The instruments shipped with Accord whose wording is Accord's own (none of them validated).
OWN = ("intake", "readiness", "session_checkin")


def texts_of(instrument: Instrument) -> Iterator[str]:
    """Every text of ``instrument`` a person reads, in the order of the definition."""
    yield from (instrument.title, instrument.short_title, instrument.description)
    yield from (instrument.client_description, instrument.licence, instrument.recall_period or "")
    yield instrument.stem
    for item in instrument.items:
        yield from (item.text, item.help)
        yield from (option.label for option in (*item.options, *item.anchors))
    yield from (band.label for band in instrument.bands)


def in_language(instrument: Instrument, language: str) -> Instrument:
    """``instrument`` as a reader of ``language`` sees it: Accord's own wording translated, others as is."""
    if instrument.key not in OWN or instrument.validated or language == instrument.language:
        return instrument
    with translation.override(language):
        return dataclasses.replace(
            instrument,
            title=_t(instrument.title),
            short_title=_t(instrument.short_title),
            description=_t(instrument.description),
            client_description=_t(instrument.client_description),
            licence=_t(instrument.licence),
            recall_period=_t(instrument.recall_period) if instrument.recall_period else None,
            stem=_t(instrument.stem),
            items=tuple(_item(item) for item in instrument.items),
            bands=tuple(dataclasses.replace(band, label=_t(band.label)) for band in instrument.bands),
            language=language,
        )


def _t(text: str) -> str:
    # gettext("") is the catalogue's header, never an empty text.
    return translation.gettext(text) if text else text


def _item(item: Item) -> Item:
    return dataclasses.replace(
        item,
        text=_t(item.text),
        help=_t(item.help),
        options=tuple(_option(option) for option in item.options),
        anchors=tuple(_option(option) for option in item.anchors),
    )


def _option(option: Option) -> Option:
    return dataclasses.replace(option, label=_t(option.label))


# Generated from the definition files of OWN (keep in step: the test says what differs).
WORDING = (
    gettext_noop("Getting started: about you"),
    gettext_noop("Intake"),
    gettext_noop(
        "A few questions to help you and your therapist get started. There are no right or wrong answers. Write as much or as little as you like, skip anything you would rather talk about in person, and come back later if you need to — your answers are saved as you go."
    ),
    gettext_noop("Accord's own questions, distributed with Accord under the AGPL-3.0-or-later."),
    gettext_noop("right now"),
    gettext_noop("In your own words:"),
    gettext_noop("What brings you to therapy right now?"),
    gettext_noop("A sentence or two is plenty."),
    gettext_noop("If therapy goes well, what would you like to be different?"),
    gettext_noop("Think about what you would notice in your everyday life."),
    gettext_noop(
        "What are some of your strengths — things you are good at, or that have helped you through hard times before?"
    ),
    gettext_noop("Add one at a time. Small things count."),
    gettext_noop("What feels hardest for you at the moment?"),
    gettext_noop("Add each one separately."),
    gettext_noop("What matters most to you in life?"),
    gettext_noop("For example: family, honesty, being creative, feeling healthy."),
    gettext_noop("Who or what supports you?"),
    gettext_noop("This could be people, pets, places, faith, or things you do."),
    gettext_noop("Have you had therapy or counselling before?"),
    gettext_noop("Yes"),
    gettext_noop("No"),
    gettext_noop("I'm not sure"),
    gettext_noop("If you have, what was helpful — and what wasn't?"),
    gettext_noop("Optional. It helps your therapist know what to do more of, and what to avoid."),
    gettext_noop("How important is it to you to make changes in your life right now?"),
    gettext_noop("Not at all important"),
    gettext_noop("Extremely important"),
    gettext_noop("If you decided to make changes, how confident are you that you could?"),
    gettext_noop("Not at all confident"),
    gettext_noop("Extremely confident"),
    gettext_noop("Readiness ruler"),
    gettext_noop("Readiness"),
    gettext_noop(
        "Two quick questions about a change you are thinking about: how important it is to you, and how confident you feel that you could do it. Each is a number from 0 to 10. The two answers are kept side by side, not added up."
    ),
    gettext_noop(
        "The readiness ruler is a motivational-interviewing technique and free to use. The wording here is Accord's own."
    ),
    gettext_noop("Thinking about this change, right now:"),
    gettext_noop("How important is it to you to make this change?"),
    gettext_noop("How confident are you that you could make this change?"),
    gettext_noop("Session check-in (unvalidated, Accord's own; not the SRS)"),
    gettext_noop("Session check-in"),
    gettext_noop(
        "Three quick questions about how therapy is going between you and your therapist: whether you agree on what you are working towards, whether the way of working suits you, and whether you felt understood. Each is a number from 0 to 10. This check-in is unvalidated and Accord's own: it is not the Session Rating Scale (SRS) or any other published measure, it has no norms or cut-offs, and it is meant to start a conversation, not to produce a score."
    ),
    gettext_noop(
        "Three quick questions about how today's session went for you: whether you and your therapist are working on what matters to you, whether the way of working suits you, and whether you felt understood. Each is a number from 0 to 10. There are no right or wrong answers; it helps the two of you talk about how the work is going."
    ),
    gettext_noop("today's session"),
    gettext_noop("Thinking about today's session:"),
    gettext_noop("How much do you and your therapist agree on what you are working towards?"),
    gettext_noop("We don't agree at all"),
    gettext_noop("We agree completely"),
    gettext_noop("How well does the way you and your therapist are working together suit you?"),
    gettext_noop("Doesn't suit me at all"),
    gettext_noop("Suits me completely"),
    gettext_noop("How understood did you feel by your therapist today?"),
    gettext_noop("Not understood at all"),
    gettext_noop("Completely understood"),
    gettext_noop("Is there anything you'd like your therapist to know about how it's going?"),
    gettext_noop("Optional. Your therapist will read this."),
)
