"""Scoring questionnaire answers, and judging change between two scores.

Pure Python (stdlib only), so the rules that clinical decisions rest on are tested without Django.

Where a threshold is a convention rather than a fact (reliable change, caseness, recovery, response,
remission), it lives in ``ChangeConvention`` with the source named, and every judgement can be shown with a
note saying which convention produced it (PRODUCT.md §5 "Honest numbers"; CLINICAL.md "PHQ-9 and GAD-7").
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from accord.assessments.registry import Band, Instrument, Item

# How a message is written in the reader's language: as it is here (pure Python, for tests and tools);
# AssessmentsConfig.ready swaps in Django's gettext, so what is built at call time (a score's plain words,
# the therapist's convention note, an answer error) is in the active language. Messages built at import
# (SAFETY_HEADLINE) are still English then, and are translated where they are shown.
translate: Callable[[str], str] = str


def _(message: str) -> str:
    """Marks a user-facing string for the catalogue and translates it with ``translate``."""
    return translate(message)


Answer = int | str | tuple[str, ...]
ChangeKind = Literal["improvement", "deterioration", "no_reliable_change"]

# Long enough for a thoughtful paragraph, short enough that a pasted document is turned away with a message.
TEXT_MAX_LENGTH = 10_000
_INTEGER_RE = re.compile(r"[+-]?\d+")


# --- answers ----------------------------------------------------------------------------------------------


class AnswerError(ValueError):
    """Some answers are missing or not allowed. ``errors`` maps every such item key to a message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{key}: {message}" for key, message in self.errors.items()))


class _Invalid(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def validate_answers(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, Answer]:
    """Check every answer and return them cleaned (numbers as int, lists as tuples, blanks left out).

    Reports every problem at once, not just the first, so a form can mark each question that needs
    attention. Items that are not required (unscored ones, such as the PHQ-9 difficulty question) may be
    left blank.
    """
    errors: dict[str, str] = {}
    clean: dict[str, Answer] = {}
    for item in instrument.items:
        raw = answers.get(item.key)
        if _is_blank(raw):
            if item.required:
                errors[item.key] = _("Please answer this question.")
            continue
        try:
            clean[item.key] = _CLEANERS[item.kind](item, raw)
        except _Invalid as exc:
            errors[item.key] = exc.message
    for key in sorted(set(answers) - set(instrument.item_keys)):
        errors[key] = _("This question is not part of this questionnaire.")
    if errors:
        raise AnswerError(errors)
    return clean


def _is_blank(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return all(_is_blank(entry) for entry in raw)
    return False


def _as_int(raw: object) -> int | None:
    """Read a whole number; form posts arrive as strings, JSON may send 2.0. Anything else is not a number."""
    if isinstance(raw, bool):
        return None  # True is an int in Python, but never a meaningful answer
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and _INTEGER_RE.fullmatch(raw.strip()):
        return int(raw.strip())
    return None


def _clean_choice(item: Item, raw: object) -> Answer:
    value = _as_int(raw) if item.is_numeric else raw
    for allowed in item.values:
        if allowed == value:
            return allowed
    raise _Invalid(_("Choose one of the answers shown."))


def _clean_scale(item: Item, raw: object) -> Answer:
    value = _as_int(raw)
    if value is None or not item.lowest() <= value <= item.highest():
        raise _Invalid(
            _("Choose a number from {min} to {max}.").format(min=item.lowest(), max=item.highest())
        )
    return value


def _clean_text(item: Item, raw: object) -> Answer:
    if not isinstance(raw, str):
        raise _Invalid(_("Please write your answer as text."))
    if len(raw) > TEXT_MAX_LENGTH:
        raise _Invalid(_("Please keep this answer under {limit} characters.").format(limit=TEXT_MAX_LENGTH))
    return raw.strip()


def _clean_list(item: Item, raw: object) -> Answer:
    if isinstance(raw, str):
        raw = [raw]  # a single entry typed into a one-line form is still a list of one
    if not isinstance(raw, list | tuple) or not all(isinstance(entry, str) for entry in raw):
        raise _Invalid(_("Please give each answer as a short piece of text."))
    if any(len(entry) > TEXT_MAX_LENGTH for entry in raw):
        raise _Invalid(_("Please keep each answer under {limit} characters.").format(limit=TEXT_MAX_LENGTH))
    return tuple(entry.strip() for entry in raw if entry.strip())


_CLEANERS = {"choice": _clean_choice, "scale": _clean_scale, "text": _clean_text, "list": _clean_list}


# --- scoring one response ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RaisedFlag:
    key: str
    item: str
    answer: int | str
    severity: str
    message: str
    note: str = ""


@dataclass(frozen=True)
class ScoredResponse:
    instrument_key: str
    instrument_version: int
    answers: Mapping[str, Answer] = field(hash=False)  # cleaned, blanks left out
    item_scores: Mapping[str, int] = field(hash=False)  # the scored items only
    total: int | None  # None when the instrument is not summed (readiness ruler, check-in, intake)
    max_total: int | None
    band: Band | None
    flags: tuple[RaisedFlag, ...]
    # Scale bounds travel with each rating, so a 7 stays "7 out of 10" even if a definition changes.
    scale_bounds: Mapping[str, tuple[int, int]] = field(hash=False)

    @property
    def band_key(self) -> str | None:
        return self.band.key if self.band else None

    @property
    def band_label(self) -> str | None:
        return self.band.label if self.band else None

    @property
    def has_safety_flag(self) -> bool:
        return any(flag.severity == "safety" for flag in self.flags)


def score_response(instrument: Instrument, answers: Mapping[str, object]) -> ScoredResponse:
    """Validate and score one set of answers. Raises AnswerError naming every item that needs attention."""
    clean = validate_answers(instrument, answers)
    scored = set(instrument.scoring.items)
    # Scored items are required and numeric (the registry checks both), so each is an int here.
    item_scores = {key: value for key, value in clean.items() if key in scored and isinstance(value, int)}
    total = sum(item_scores.values()) if instrument.scoring.method == "sum" else None
    return ScoredResponse(
        instrument_key=instrument.key,
        instrument_version=instrument.version,
        answers=MappingProxyType(clean),
        item_scores=MappingProxyType(item_scores),
        total=total,
        max_total=instrument.scoring.max,
        band=instrument.band_for(total) if total is not None else None,
        flags=_raised_flags(instrument, clean),
        scale_bounds=MappingProxyType(_scale_bounds(instrument, clean)),
    )


def _raised_flags(instrument: Instrument, clean: Mapping[str, Answer]) -> tuple[RaisedFlag, ...]:
    # Flags look at single answers, never the total: PHQ-9 item 9 must alert whatever the total is.
    raised = []
    for flag in instrument.flags:
        answer = clean.get(flag.item)
        if isinstance(answer, int | str) and flag.rule.matches(answer):
            raised.append(RaisedFlag(flag.key, flag.item, answer, flag.severity, flag.message, flag.note))
    return tuple(raised)


def _scale_bounds(instrument: Instrument, clean: Mapping[str, Answer]) -> dict[str, tuple[int, int]]:
    return {
        item.key: (item.lowest(), item.highest())
        for item in instrument.items
        if item.kind == "scale" and item.key in clean
    }


# --- change between two scores ----------------------------------------------------------------------------


def _nhs_reliable_change() -> Mapping[str, int]:
    return MappingProxyType({"phq9": 6, "gad7": 4})


def _nhs_caseness() -> Mapping[str, int]:
    return MappingProxyType({"phq9": 10, "gad7": 8})


@dataclass(frozen=True)
class ChangeConvention:
    """The named thresholds used to judge change. Defaults: NHS Talking Therapies, plus HEDIS for
    response and remission. A practice that follows another convention makes its own instance.
    """

    name: str = "NHS Talking Therapies"
    # Reliable change: a fall (improvement) or rise (deterioration) of at least this many points.
    reliable_change: Mapping[str, int] = field(default_factory=_nhs_reliable_change, hash=False)
    # Caseness: a score at or above this is counted as a clinical case.
    caseness: Mapping[str, int] = field(default_factory=_nhs_caseness, hash=False)
    # Recovery is judged on a depression measure and an anxiety measure together.
    depression_key: str = "phq9"
    anxiety_key: str = "gad7"
    # Response: a fall of at least this fraction of the baseline score (HEDIS: 50 %).
    response_name: str = "HEDIS"
    response_fraction: float = 0.5
    # Remission: PHQ-9 below this score (HEDIS: below 5).
    remission_below: int = 5


NHS_TALKING_THERAPIES = ChangeConvention()


def _threshold(table: Mapping[str, int], key: str, what: str, convention: ChangeConvention) -> int:
    if key not in table:
        raise ValueError(f"The {convention.name} convention has no {what} for {key!r}.")
    return table[key]


def reliable_change(
    key: str,
    baseline: int,
    latest: int,
    convention: ChangeConvention = NHS_TALKING_THERAPIES,
    *,
    lower_is_better: bool = True,
) -> ChangeKind:
    """Judge change on one measure: a fall or rise of at least the convention's threshold is reliable."""
    threshold = _threshold(convention.reliable_change, key, "reliable-change threshold", convention)
    fall = baseline - latest if lower_is_better else latest - baseline
    if fall >= threshold:
        return "improvement"
    if -fall >= threshold:
        return "deterioration"
    return "no_reliable_change"


def is_case(key: str, score: int, convention: ChangeConvention = NHS_TALKING_THERAPIES) -> bool:
    return score >= _threshold(convention.caseness, key, "caseness cut-off", convention)


@dataclass(frozen=True)
class RecoveryStatus:
    case_at_baseline: bool  # recovery only means something for people who started as a case
    case_now: bool
    recovered: bool
    reliably_improved: bool
    reliably_recovered: bool
    reliable_deterioration: bool
    convention_note: str


def recovery_status(
    baseline_phq: int,
    baseline_gad: int,
    latest_phq: int,
    latest_gad: int,
    convention: ChangeConvention = NHS_TALKING_THERAPIES,
) -> RecoveryStatus:
    """Recovery on a depression and an anxiety measure together, as NHS Talking Therapies reports it.

    - recovered: a case on at least one measure at baseline, and below caseness on both now;
    - reliably improved: reliable improvement on at least one measure and deterioration on neither;
    - reliably recovered: both of the above;
    - reliable deterioration: a reliable rise on either measure.
    """
    dep, anx = convention.depression_key, convention.anxiety_key
    changes = (
        reliable_change(dep, baseline_phq, latest_phq, convention),
        reliable_change(anx, baseline_gad, latest_gad, convention),
    )
    case_at_baseline = is_case(dep, baseline_phq, convention) or is_case(anx, baseline_gad, convention)
    case_now = is_case(dep, latest_phq, convention) or is_case(anx, latest_gad, convention)
    recovered = case_at_baseline and not case_now
    deteriorated = "deterioration" in changes
    improved = "improvement" in changes and not deteriorated
    return RecoveryStatus(
        case_at_baseline=case_at_baseline,
        case_now=case_now,
        recovered=recovered,
        reliably_improved=improved,
        reliably_recovered=recovered and improved,
        reliable_deterioration=deteriorated,
        convention_note=recovery_note(convention),
    )


def response(baseline: int, latest: int, convention: ChangeConvention = NHS_TALKING_THERAPIES) -> bool:
    """A fall of at least half the baseline score (HEDIS). A baseline of 0 has nothing to fall from."""
    return baseline > 0 and (baseline - latest) >= convention.response_fraction * baseline


def remission(phq: int, convention: ChangeConvention = NHS_TALKING_THERAPIES) -> bool:
    return phq < convention.remission_below


# --- Jacobson–Truax reliable change index -----------------------------------------------------------------


@dataclass(frozen=True)
class RCIResult:
    pre: float
    post: float
    se: float  # standard error of measurement: SD·√(1−r)
    s_diff: float  # standard error of the difference: √2·SE
    rci: float  # (post − pre) / S_diff
    threshold: float  # the smallest change, in points, that is reliable: z·S_diff
    reliable: bool  # |RCI| > z


def jacobson_truax(pre: float, post: float, sd: float, reliability: float, z: float = 1.96) -> RCIResult:
    """Jacobson & Truax (1991) reliable change index. ``sd`` is the baseline (or normative) SD and
    ``reliability`` the measure's reliability (test–retest or alpha); z = 1.96 is p < .05, two-tailed.
    """
    if sd <= 0:
        raise ValueError("The standard deviation must be greater than 0.")
    if not 0 <= reliability < 1:
        raise ValueError("The reliability must be at least 0 and below 1.")
    se = sd * math.sqrt(1 - reliability)
    s_diff = math.sqrt(2) * se
    rci = (post - pre) / s_diff
    return RCIResult(pre, post, se, s_diff, rci, z * s_diff, abs(rci) > z)


# --- plain words ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlainWords:
    headline: str  # for the client: what the change means
    detail: str  # for the client: the two numbers, and which way is better
    convention_note: str  # for the therapist: which convention the judgement used


def plain_words_for_client(
    instrument: Instrument,
    baseline: int,
    latest: int,
    convention: ChangeConvention = NHS_TALKING_THERAPIES,
    *,
    safety_flag: bool = False,
) -> PlainWords:
    """Say what a change in score means, in words a client can read without a manual.

    "A real change" is only claimed when the convention has a reliable-change threshold for the measure;
    otherwise we describe the direction and make no claim about it. Beside a safety flag (``safety_flag``:
    the latest response raised one) nothing upbeat is said: the headline only says the therapist will go
    through the answers.
    """
    lower_is_better = instrument.scoring.lower_is_better
    change = _change_for(instrument.key, baseline, latest, convention, lower_is_better)
    headline = SAFETY_HEADLINE if safety_flag else _headline(baseline, latest, change)
    return PlainWords(
        headline=headline,
        detail=_detail(instrument, baseline, latest),
        convention_note=describe_convention(instrument, convention),
    )


SAFETY_HEADLINE = _("Your therapist will go through these answers with you.")


def _change_for(
    key: str, baseline: int, latest: int, convention: ChangeConvention, lower_is_better: bool
) -> ChangeKind | None:
    if key not in convention.reliable_change:
        return None
    return reliable_change(key, baseline, latest, convention, lower_is_better=lower_is_better)


def _headline(baseline: int, latest: int, change: ChangeKind | None) -> str:
    if latest == baseline:
        return _("Your score is the same as when you started.")
    if latest < baseline:
        if change is None:
            return _("Your score is lower than when you started.")
        if change == "no_reliable_change":
            return _(
                "Your score is a little lower than when you started. It is too soon to call it a real "
                "change — scores go up and down a little from week to week."
            )
        return _("Your score is lower than when you started — that's a real change.")
    if change is None:
        return _("Your score is higher than when you started.")
    if change == "no_reliable_change":
        return _(
            "Your score is a little higher than when you started. Small rises like this often come and go; "
            "it can help to talk about it with your therapist."
        )
    return _(
        "Your score is higher than when you started — that's a real change, and worth talking about "
        "with your therapist."
    )


def _detail(instrument: Instrument, baseline: int, latest: int) -> str:
    scoring = instrument.scoring
    if scoring.max is None:
        return _("It went from {baseline} to {latest}.").format(baseline=baseline, latest=latest)
    better = _("Lower scores are better.") if scoring.lower_is_better else _("Higher scores are better.")
    detail = _("It went from {baseline} to {latest}, on a scale from {min} to {max}.").format(
        baseline=baseline, latest=latest, min=scoring.min, max=scoring.max
    )
    return f"{detail} {better}"


def describe_convention(instrument: Instrument, convention: ChangeConvention = NHS_TALKING_THERAPIES) -> str:
    """For the therapist: the thresholds behind a judgement, e.g. "NHS Talking Therapies: reliable
    improvement = PHQ-9 falls by 6 or more; …"."""
    key, names = instrument.key, {"convention": convention.name, "measure": instrument.short_title}
    if key not in convention.reliable_change:
        return _(
            "{convention}: no reliable-change threshold is set for {measure}; changes are shown as they are."
        ).format(**names)
    fall, rise = (_("falls"), _("rises")) if instrument.scoring.lower_is_better else (_("rises"), _("falls"))
    note = _(
        "{convention}: reliable improvement = {measure} {fall} by {points} or more; "
        "reliable deterioration = {measure} {rise} by {points} or more"
    ).format(fall=fall, rise=rise, points=convention.reliable_change[key], **names)
    if key in convention.caseness:
        note += _("; caseness = {measure} of {cutoff} or more").format(
            cutoff=convention.caseness[key], **names
        )
    return note + "."


def recovery_note(convention: ChangeConvention = NHS_TALKING_THERAPIES) -> str:
    return _(
        "{convention}: recovery = a case at the start (on either measure) and below the case cut-off on both "
        "now; reliable recovery = recovery with reliable improvement on at least one measure and reliable "
        "deterioration on neither."
    ).format(convention=convention.name)
