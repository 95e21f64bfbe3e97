"""Readable PDFs with fpdf2 (pure Python, installs from a wheel: docs/decisions.md). Text is text, in DejaVu
Sans embedded from matplotlib's copy (already a dependency), so names in any Latin, Greek or Cyrillic script
come out right and can be searched, copied and read aloud."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from fpdf import FPDF

from accord.goals.gas import LEVEL_LABELS

FONT = "DejaVu"


@cache
def font_files() -> dict[str, Path]:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf"}


class Document(FPDF):
    def __init__(self, title: str, language: str = "en") -> None:
        super().__init__(format="A4")
        for style, path in font_files().items():
            self.add_font(FONT, style, str(path))
        self.set_title(title)
        self.set_lang(language)
        self.set_creator("Accord")
        self.set_auto_page_break(True, margin=18)
        self.set_margins(18, 18, 18)
        self.add_page()
        self.heading(title, size=18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(0, 6, _("Page %(page)s") % {"page": self.page_no()}, align="C")

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


def client_data_pdf(data: dict[str, Any]) -> bytes:
    """The client's download as a readable document (the same data as the JSON)."""
    you = data["you"]
    pdf = Document(_("Your data from Accord: %(name)s") % {"name": you["name"]})
    pdf.pair(_("Practice"), you["practice"])
    pdf.pair(_("Made at"), data["made_at"])
    pdf.heading(_("Goals"))
    if not data["goals"]:
        pdf.line_of(_("No goals yet."))
    for goal in data["goals"]:
        pdf.line_of(goal["statement"], bold=True, size=12)
        pdf.pair(_("In your words"), goal["in_your_words"])
        pdf.pair(_("Status"), goal["status"])
        pdf.pair(_("Agreed version"), goal["agreed_version"])
        for version in goal["versions"]:
            pdf.line_of(
                _("Version %(number)s (%(when)s): %(statement)s")
                % {
                    "number": version["number"],
                    "when": version["created_at"],
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
                    pdf.line_of(f"   {_level(level)} {LEVEL_LABELS[level]}: {text}", size=9)
        for event in goal["agreement"]:
            pdf.line_of(
                f"{event['at']}: {event['party']} {event['decision']} v{event['version']} {event['comment']}",
                size=9,
            )
        for rating in goal["gas_ratings"]:
            pdf.line_of(
                _("GAS level %(level)s by %(party)s on %(when)s")
                % {"level": _level(rating["level"]), "party": rating["party"], "when": rating["at"]},
                size=9,
            )
        for step in goal["steps"]:
            pdf.line_of(
                f"• {step['text']}" + (f" ({_('done')} {step['done_at']})" if step["done_at"] else ""), size=9
            )
        pdf.ln(2)
    pdf.heading(_("Check-ins"))
    for checkin in data["checkins"]:
        pdf.line_of(checkin["submitted_at"], bold=True)
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
            f"{measure['measure']} ({measure['completed_at']}): "
            f"{measure['total']}/{measure['max_total']} {measure['band']}"
        )
    pdf.heading(_("Messages"))
    for thread in data["messages"]:
        for message in thread["messages"]:
            pdf.line_of(f"{message['at']} ({message['from']}): {message['text']}", size=9)
    pdf.heading(_("Agenda"))
    for item in data["agenda"]:
        pdf.line_of(f"{item['added_at']} ({item['added_by']}): {item['text']}", size=9)
    pdf.heading(_("Wins"))
    for win in data["wins"]:
        pdf.line_of(f"{win['at']}: {win['title']}", size=9)
        pdf.pair(_("Note from your therapist"), win["note_from_your_therapist"])
    return bytes(pdf.output())
