"""What the pages and the API show about a client's assessment, computed in one place.

Each function reads with a fixed number of queries however many responses there are, and every judgement
of change names the convention it used (PRODUCT.md §5 "Honest numbers").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.accounts.models import Client
from accord.accounts.sections import count_per_client, loaded_or_none
from accord.assessments import actions, catalogue
from accord.assessments.actions import client_today
from accord.assessments.models import Intake, MeasureAssignment, MeasureResponse, SafetyAlert
from accord.assessments.registry import Instrument, Item
from accord.assessments.scoring import (
    AnswerError,
    ChangeKind,
    PlainWords,
    RecoveryStatus,
    describe_convention,
    is_case,
    plain_words_for_client,
    recovery_status,
    reliable_change,
    score_response,
)
from accord.assessments.scoring import recovery_note as _recovery_note

CHANGE_LABELS = {
    "improvement": gettext_lazy("Reliable improvement"),
    "deterioration": gettext_lazy("Reliable deterioration"),
    "no_reliable_change": gettext_lazy("No reliable change"),
}


def change_label(kind: str | None) -> str:
    return str(CHANGE_LABELS.get(kind, "")) if kind else ""


# --- scores over time ---------------------------------------------------------------------------------


@dataclass
class ScoreRow:
    response: MeasureResponse
    change: int | None = None  # points since the baseline (the first response); None for the baseline
    judgement: ChangeKind | None = None  # by the convention; None where it has no threshold
    case: bool | None = None  # at or above the convention's caseness cut-off; None where it has none
    ratings: list[tuple[str, str]] = field(default_factory=list)  # unsummed instruments: (item, "7 / 10")

    @property
    def judgement_label(self) -> str:
        return change_label(self.judgement)


@dataclass
class MeasureHistory:
    instrument: Instrument
    rows: list[ScoreRow]  # oldest first

    @property
    def is_scored(self) -> bool:
        return self.instrument.scoring.method == "sum"

    @property
    def baseline(self) -> MeasureResponse:
        return self.rows[0].response

    @property
    def latest(self) -> ScoreRow:
        return self.rows[-1]

    @property
    def rows_newest_first(self) -> list[ScoreRow]:
        return list(reversed(self.rows))

    @property
    def convention_note(self) -> str:
        return describe_convention(self.instrument, catalogue.change_convention()) if self.is_scored else ""

    @property
    def plain_words(self) -> PlainWords | None:
        """For the client, once there is something to compare with."""
        if not self.is_scored or len(self.rows) < 2:
            return None
        latest = self.latest.response
        words = plain_words_for_client(
            self.instrument,
            self.baseline.total,
            latest.total,
            catalogue.change_convention(),
            safety_flag=latest.has_safety_flag,
        )
        return PlainWords(_(words.headline), words.detail, words.convention_note)


def measure_histories(client: Client) -> list[MeasureHistory]:
    """Every measure the client has answered, each with its responses oldest first. One query."""
    by_key: dict[str, list[MeasureResponse]] = defaultdict(list)
    for response in client.measure_responses.in_time_order():
        by_key[response.instrument_key].append(response)
    histories = []
    for key, responses in by_key.items():
        instrument = catalogue.get_instrument(key)
        if instrument is not None:
            histories.append(MeasureHistory(instrument, _rows(instrument, responses)))
    order = list(catalogue.instruments())
    return sorted(histories, key=lambda h: order.index(h.instrument.key))


def _rows(instrument: Instrument, responses: list[MeasureResponse]) -> list[ScoreRow]:
    if instrument.scoring.method != "sum":
        return [ScoreRow(response, ratings=ratings(instrument, response)) for response in responses]
    convention = catalogue.change_convention()
    key, baseline = instrument.key, responses[0].total
    rows = []
    for index, response in enumerate(responses):
        row = ScoreRow(response)
        if key in convention.caseness:
            row.case = is_case(key, response.total, convention)
        if index > 0:
            row.change = response.total - baseline
            if key in convention.reliable_change:
                row.judgement = reliable_change(
                    key,
                    baseline,
                    response.total,
                    convention,
                    lower_is_better=instrument.scoring.lower_is_better,
                )
        rows.append(row)
    return rows


def ratings(instrument: Instrument, response: MeasureResponse) -> list[tuple[str, str]]:
    """Side-by-side answers of an unsummed instrument (readiness ruler, session check-in)."""
    shown = []
    for item in instrument.items:
        if item.key in response.answers:
            shown.append((item.text, answer_text(item, response.answers[item.key])))
    return shown


def recovery(histories: list[MeasureHistory]) -> RecoveryStatus | None:
    """Recovery on PHQ-9 and GAD-7 together, once each has a baseline and a later score."""
    by_key = {history.instrument.key: history for history in histories}
    phq, gad = by_key.get(catalogue.PHQ9_KEY), by_key.get(catalogue.GAD7_KEY)
    if phq is None or gad is None or len(phq.rows) < 2 or len(gad.rows) < 2:
        return None
    return recovery_status(
        phq.baseline.total,
        gad.baseline.total,
        phq.latest.response.total,
        gad.latest.response.total,
        catalogue.change_convention(),
    )


def recovery_note() -> str:
    return _recovery_note(catalogue.change_convention())


# --- answers in words ---------------------------------------------------------------------------------


def answer_text(item: Item, value) -> str:
    if item.kind == "choice":
        return item.label_for(value) or str(value)
    if item.kind == "scale":
        return _("%(value)s out of %(max)s") % {"value": value, "max": item.highest()}
    if item.kind == "list":
        return "; ".join(value)
    return str(value)


@dataclass
class AnsweredItem:
    item: Item
    value: object  # as stored; lists stay lists so templates can show them as lists
    text: str  # the answer in words


def answered_items(instrument: Instrument, answers: dict) -> list[AnsweredItem]:
    """Each question with its answer, in the instrument's order; unanswered questions are left out."""
    return answered_items_of(instrument.items, answers)


def answered_items_of(items: tuple[Item, ...], answers: dict) -> list[AnsweredItem]:
    return [
        AnsweredItem(item, answers[item.key], answer_text(item, answers[item.key]))
        for item in items
        if answers.get(item.key) not in (None, "", [])
    ]


@dataclass
class FlagText:
    severity: str
    message: str  # for the therapist
    note: str  # e.g. "Item 9 is a screen, not a risk assessment"


def flag_texts(instrument: Instrument, response: MeasureResponse) -> list[FlagText]:
    """The therapist-facing words of each flag a response raised, from the definition it was answered with."""
    definitions = {flag.key: flag for flag in instrument.flags}
    texts = []
    for raised in response.flags:
        flag = definitions.get(raised.get("key"))
        if flag is not None:
            texts.append(FlagText(flag.severity, _(flag.message), _(flag.note) if flag.note else ""))
    return texts


def intake_flags(intake: Intake | None) -> list[FlagText]:
    """What the intake's own flags say for the therapist (e.g. confidence below 7: start smaller)."""
    if intake is None:
        return []
    instrument = catalogue.instrument_version(catalogue.INTAKE_KEY, intake.instrument_version)
    try:
        raised = score_response(instrument, intake.answers).flags
    except AnswerError:  # answers kept from an older definition that no longer fit it: no flags
        return []
    return [FlagText(flag.severity, _(flag.message), _(flag.note) if flag.note else "") for flag in raised]


def intake_summary(intake: Intake | None) -> list[AnsweredItem]:
    if intake is None:
        return []
    instrument = catalogue.instrument_version(catalogue.INTAKE_KEY, intake.instrument_version)
    return answered_items(instrument, intake.answers)


# --- what is due --------------------------------------------------------------------------------------


@dataclass
class DueMeasure:
    assignment: MeasureAssignment
    instrument: Instrument

    @property
    def is_due(self) -> bool:
        return self.assignment.next_due_on <= client_today(self.assignment.client)


def assigned_measures(client: Client, offered: dict[str, Instrument] | None = None) -> list[DueMeasure]:
    """The client's running assignments of measures the practice still offers, soonest first."""
    assignments = list(client.measure_assignments.active().order_by("next_due_on", "instrument_key"))
    if not assignments:
        return []  # without asking which measures the practice offers
    offered = catalogue.enabled_measures(client.practice) if offered is None else offered
    found = []
    for assignment in assignments:
        assignment.client = client  # saves a query per row in is_due
        if assignment.instrument_key in offered:
            found.append(DueMeasure(assignment, offered[assignment.instrument_key]))
    return found


def due_measures(client: Client, *, on: dt.date | None = None) -> list[DueMeasure]:
    day = on or client_today(client)
    return [due for due in assigned_measures(client) if due.assignment.next_due_on <= day]


# --- safety alerts ------------------------------------------------------------------------------------


def open_alerts_for(user) -> list[SafetyAlert]:
    """Open alerts on the clients ``user`` may see (a therapist's caseload)."""
    return list(
        SafetyAlert.objects.open()
        .filter(client__in=Client.objects.visible_to(user))
        .select_related("client", "response")
        .order_by("raised_at")
    )


# --- sections on other apps' pages (accord.home composes them) --------------------------------------------

# The intake answers the client page shows at a glance; the rest is on the assessment page.
INTAKE_HEADLINES = ("what_brings_you", "hopes", "strengths", "challenges", "values")


def client_home_context(client: Client) -> dict:
    """For the client's home: the intake until it is sent, and the measures due."""
    intake = actions.intake_of(client)
    answers = intake.answers if intake else {}
    instrument = catalogue.intake_instrument()
    return {
        "assessment": {
            "intake": intake,
            "answered": sum(1 for item in instrument.items if answers.get(item.key) not in (None, "", [])),
            "question_count": len(instrument.items),
            "due": due_measures(client),
        }
    }


CLIENT_PAGE_RELATED = ("intake",)


def client_page_facts() -> dict:
    """Annotations for the client page's one query of facts about the client (``accord.home``), with
    ``CLIENT_PAGE_RELATED`` selected: how many measures are assigned."""
    return {
        "active_assignments": count_per_client(
            MeasureAssignment.objects.filter(client=OuterRef("pk"), active=True)
        )
    }


def client_page_context(client: Client, facts: Client | None = None) -> dict:
    """For the therapist's client page: open alerts, the intake at a glance and the latest scores.
    ``facts``: the client with ``client_page_facts`` (saves the intake's query, and the measures' when
    none is assigned)."""
    intake = actions.intake_of(client) if facts is None else loaded_or_none(facts, "intake")
    assigned = True if facts is None else facts.active_assignments > 0  # type: ignore[attr-defined]
    headlines = [answer for answer in intake_summary(intake) if answer.item.key in INTAKE_HEADLINES]
    histories = [history for history in measure_histories(client) if history.is_scored]
    open_alerts = list(client.safety_alerts.open().select_related("response"))
    return {
        "assessment": {
            "intake": intake,
            "intake_headlines": headlines,
            "latest_scores": histories,
            "convention_name": _("Reliable change by the %(name)s convention.")
            % {"name": catalogue.change_convention().name},
            "open_alerts": open_alerts,
            "due_count": len(due_measures(client)) if assigned else 0,
        }
    }


def therapist_home_context(user) -> dict:
    """For the therapist's home: every open safety alert on their caseload, until acknowledged."""
    return {"open_safety_alerts": open_alerts_for(user)}
