"""Readable PDFs with fpdf2 (pure Python, installs from a wheel: docs/decisions.md). Text is text, in DejaVu
Sans embedded from matplotlib's copy (already a dependency), so names in any Latin, Greek or Cyrillic script
come out right and can be searched, copied and read aloud."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF

from accord.goals.gas import LEVEL_LABELS
from accord.goals.models import AgreementDecision, LifecycleStatus, Party, in_reader_language

FONT = "DejaVu"


@cache
def font_files() -> dict[str, Path]:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf"}


class Document(FPDF):
    def __init__(self, title: str, language: str = "") -> None:
        super().__init__(format="A4")
        for style, path in font_files().items():
            self.add_font(FONT, style, str(path))
        self.set_title(title)
        self.set_lang(language or get_language())  # the reader's: what a screen reader speaks it in
        self.set_creator("Accord")
        self.set_auto_page_break(True, margin=18)
        self.set_margins(18, 18, 18)
        self.add_page()
        self.heading(title, size=18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(
            0, 6, _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}, align="C"
        )

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font(FONT, "B", size)
        self.ln(2)
        self.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def line_of(self, text: str, *, bold: bool = False, size: int = 10) -> None:
        if not text:
            return
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")

    def pair(self, label: str, value: Any) -> None:
        if value in (None, "", []):
            return
        self.line_of(f"{label}: {value}")


def _level(level: int) -> str:
    return f"{level:+d}" if level else "0"


def _when(value: str | None) -> str:
    """A date or time of the data (ISO 8601 in the JSON) as the reader's language writes it."""
    if not value:
        return ""
    moment = parse_datetime(value)
    if moment is not None:
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    day = parse_date(value)
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day is not None else value


def _number(value: Any) -> str:
    """2.5 → "2,5" in Spanish; no trailing zeros."""
    return formats.number_format(f"{value:g}")


def client_data_pdf(data: dict[str, Any]) -> bytes:
    """The client's download as a readable document (the same data as the JSON)."""
    you = data["you"]
    pdf = Document(_("Your data from Accord: %(name)s") % {"name": you["name"]})
    pdf.pair(_("Practice"), you["practice"])
    pdf.pair(_("Made at"), _when(data["made_at"]))
    pdf.heading(_("Goals"))
    if not data["goals"]:
        pdf.line_of(_("No goals yet."))
    for goal in data["goals"]:
        pdf.line_of(goal["statement"], bold=True, size=12)
        pdf.pair(_("In your words"), goal["in_your_words"])
        pdf.pair(_("Status"), _label(LifecycleStatus, goal["status"]))
        pdf.pair(_("Agreed version"), goal["agreed_version"])
        for version in goal["versions"]:
            pdf.line_of(
                _("Version %(number)s (%(when)s): %(statement)s")
                % {
                    "number": version["number"],
                    "when": _when(version["created_at"]),
                    "statement": version["statement"],
                }
            )
            for level in (2, 1, 0, -1, -2):
                text = version[
                    {-2: "gas_minus_2", -1: "gas_minus_1", 0: "gas_0", 1: "gas_plus_1", 2: "gas_plus_2"}[
                        level
                    ]
                ]
                if text:
                    pdf.line_of(f"   {_level(level)} {_(LEVEL_LABELS[level])}: {text}", size=9)
        for event in goal["agreement"]:
            who, decision = _label(Party, event["party"]), _label(AgreementDecision, event["decision"])
            version = _("version %(number)s") % {"number": event["version"]}
            comment = in_reader_language(event["comment"])
            pdf.line_of(f"{_when(event['at'])}: {who}: {decision.lower()} {version} {comment}", size=9)
        for rating in goal["gas_ratings"]:
            pdf.line_of(
                _("GAS level %(level)s by %(party)s on %(when)s")
                % {
                    "level": _level(rating["level"]),
                    "party": _label(Party, rating["party"]).lower(),
                    "when": _when(rating["at"]),
                },
                size=9,
            )
        for step in goal["steps"]:
            done = f" ({_('Done')} {_when(step['done_at'])})" if step["done_at"] else ""
            pdf.line_of(f"• {step['text']}{done}", size=9)
        pdf.ln(2)
    pdf.heading(_("Check-ins"))
    for checkin in data["checkins"]:
        pdf.line_of(_when(checkin["submitted_at"]), bold=True)
        pdf.pair(_("Note"), checkin["note"])
        for entry in checkin["goals"]:
            pdf.line_of(
                f"{entry['goal_statement']}: {entry['value'] if entry['value'] is not None else ''}"
                f" {_('progress')} {entry['progress'] if entry['progress'] is not None else '–'}/10",
                size=9,
            )
            pdf.pair(_("What helped"), entry["what_helped"])
            pdf.pair(_("What got in the way"), entry["what_got_in_the_way"])
    pdf.heading(_("Measures"))
    for measure in data["measures"]:
        pdf.line_of(
            f"{measure['measure']} ({_when(measure['completed_at'])}): "
            f"{measure['total']}/{measure['max_total']} {measure['band']}"
        )
    pdf.heading(_("Messages"))
    for thread in data["messages"]:
        for message in thread["messages"]:
            pdf.line_of(f"{_when(message['at'])} ({message['from']}): {message['text']}", size=9)
    pdf.heading(_("Agenda"))
    for item in data["agenda"]:
        pdf.line_of(f"{_when(item['added_at'])} ({item['added_by']}): {item['text']}", size=9)
    pdf.heading(_("Wins"))
    for win in data["wins"]:
        pdf.line_of(f"{_when(win['at'])}: {win['title']}", size=9)
        pdf.pair(_("Note from your therapist"), win["note_from_your_therapist"])
    return bytes(pdf.output())


def _chart_png(spec) -> bytes:
    import io

    from accord.progress.charts import build_figure

    figure = build_figure(spec)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def _chart(pdf: Document, spec) -> None:
    """A progress chart drawn by the same matplotlib code as the pages, with its description as the image's
    alternative text and, below it, as text a reader can search."""
    import io

    pdf.image(io.BytesIO(_chart_png(spec)), w=pdf.epw, title=spec.title, alt_text=spec.description)
    pdf.line_of(spec.description, size=8)


def treatment_plan_pdf(client) -> bytes:
    """The printable treatment plan: agreed goals in the client's words and as agreed, GAS levels, steps and
    milestones, measures with scores and change, the agreement record, progress charts. No formulation."""
    from django.utils import timezone

    from accord.accounts.models import CareTeamMember
    from accord.assessments import catalogue
    from accord.assessments.models import MeasureResponse
    from accord.goals.models import TRACKED_LIFECYCLE, AgreementEvent, Goal
    from accord.progress import charts, status
    from accord.progress.series import t_score_series

    pdf = Document(_("Treatment plan: %(name)s") % {"name": client.display_name})
    pdf.pair(_("Practice"), client.practice.name)
    therapists = [
        m.therapist.full_name
        for m in CareTeamMember.objects.filter(client=client).select_related("therapist")
    ]
    pdf.pair(_("Care team"), ", ".join(therapists))
    pdf.pair(_("Printed"), formats.date_format(timezone.localdate(), "DATE_FORMAT"))
    goals = list(
        Goal.objects.filter(
            client=client, agreed_version__isnull=False, lifecycle_status__in=TRACKED_LIFECYCLE
        )
        .select_related("agreed_version")
        .prefetch_related("steps")
    )
    pdf.heading(_("Agreed goals"))
    if not goals:
        pdf.line_of(_("No agreed goals yet."))
    today = status.client_today(client)
    for goal in goals:
        version = goal.agreed_version
        assert version is not None
        pdf.line_of(version.statement, bold=True, size=12)
        pdf.pair(_("In the client's words"), goal.client_words)
        pdf.pair(_("Status"), goal.get_lifecycle_status_display())
        if version.target is not None:
            pdf.pair(_("Target"), f"{_number(version.target)} {version.unit}".strip())
        by = formats.date_format(version.target_date, "DATE_FORMAT") if version.target_date else ""
        pdf.pair(_("By"), by)
        pdf.line_of(_("Goal attainment levels"), bold=True)
        for level in (2, 1, 0, -1, -2):
            text = version.gas_descriptions()[level]
            marker = " " + _("(starting level)") if level == version.gas_baseline_level else ""
            if text:
                pdf.line_of(f"   {_level(level)} {_(LEVEL_LABELS[level])}: {text}{marker}", size=9)
        steps = [s for s in goal.steps.all() if s.is_current]
        if steps:
            pdf.line_of(_("Steps and milestones"), bold=True)
            for step in steps:
                done = (
                    f" ✓ {formats.date_format(timezone.localtime(step.done_at), 'SHORT_DATE_FORMAT')}"
                    if step.done_at
                    else ""
                )
                pdf.line_of(f"   • {step.text}{done}", size=9)
        progress = status.goal_progress(goal, today=today)
        if progress is not None and progress.points:
            _chart(pdf, charts.goal_chart(progress, today=today))
        pdf.ln(2)
    series = t_score_series(client)
    if series.has_points:
        pdf.heading(_("Goal attainment (GAS T-score)"))
        _chart(
            pdf,
            charts.t_score_chart(
                series,
                party_names={
                    "client": client.display_name,
                    "therapist": therapists[0] if therapists else _("Therapist"),
                },
            ),
        )
    pdf.heading(_("Measures"))
    by_instrument: dict[str, list] = {}
    for response in MeasureResponse.objects.filter(client=client, total__isnull=False).order_by(
        "completed_at"
    ):
        by_instrument.setdefault(response.instrument_key, []).append(response)
    if not by_instrument:
        pdf.line_of(_("No measures yet."))
    for key, responses in by_instrument.items():
        instrument = catalogue.get_instrument(key)
        first, last = responses[0], responses[-1]
        pdf.line_of(instrument.title if instrument else key, bold=True)
        for response in responses:
            pdf.line_of(
                f"   {formats.date_format(timezone.localtime(response.completed_at), 'SHORT_DATE_FORMAT')}: "
                f"{response.total}/{response.max_total} {response.band_label}",
                size=9,
            )
        if len(responses) > 1 and first.total is not None and last.total is not None:
            pdf.pair(_("Change since the first"), f"{last.total - first.total:+d}")
    pdf.heading(_("Agreement record"))
    events = AgreementEvent.objects.filter(goal__client=client).select_related("version", "user")
    for event in events:
        who = event.user.full_name if event.user else event.get_party_display()
        pdf.line_of(
            f"{formats.date_format(timezone.localtime(event.at), 'SHORT_DATETIME_FORMAT')}: {who} "
            f"({event.get_party_display()}) "
            f"{event.get_decision_display().lower()} v{event.version.number}: {event.version.statement}",
            size=9,
        )
    return bytes(pdf.output())


def _label(choices: Any, code: str) -> str:
    """The reader's word for a code of the JSON export ("active" → "Activo"); an unknown code as it is."""
    try:
        return str(choices(code).label)
    except ValueError:
        return code
