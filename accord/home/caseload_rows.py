"""The caseload's rows, written in Python: 50 rows of names, reasons, dates, badges and a sparkline were
about half the page's time as template nodes (and ``format_html`` per row was not much cheaper). The markup
is the template's (whitespace aside); dates are in the active time zone, in the language's named formats
(``formats.date_format``, accord/formats), numbers localised, every value escaped (``esc``)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from accord.appointments.caseload import CaseloadRow

NEXT_FORMAT, LAST_FORMAT = "SHORT_WEEKDAY_TIME_FORMAT", "SHORT_MONTH_DAY_FORMAT"
PK = 987654321  # stands for the client's id in the reversed URLs


def esc(value: object) -> str:
    """As Django's ``escape`` (which is this), without its lazy-string wrapper on every call."""
    return escape(str(value), quote=True)


ROW = """
    <li class="caseload__row{attention}">
      <div class="caseload__who">
        <a class="caseload__name" href="{page}">{name}</a>
        <a class="small" href="{brief}">{brief_label}<span class="visually-hidden"> {for_name}</span></a>
      </div>
      <p class="caseload__reasons{muted}">{reasons}</p>
      <dl class="caseload__facts small">
        <div><dt>{next_label}</dt><dd>{next_session}</dd></div>
        <div><dt>{last_label}</dt><dd>{last_checkin}</dd></div>
      </dl>
      {badges}
      {spark}
    </li>
    """
BADGES = """
      <ul class="plain-list caseload__badges" aria-label="{}">
        {}
      </ul>
      """
SPARK = """
      <svg class="sparkline" viewBox="0 0 80 20" width="80" height="20" role="img" aria-label="{}"><polyline \
points="{}" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>
      """


def _time(value, shown: str) -> str:
    local = timezone.localtime(value)
    return f'<time datetime="{local.isoformat()}">{esc(formats.date_format(local, shown))}</time>'


def _badges(row: CaseloadRow, labels: dict[str, str]) -> str:
    if not row.badges:
        return ""
    items = "".join(
        f'<li class="badge badge--{esc(b.status)}" title="{esc(b.title)}">{esc(b.label)}</li>'
        for b in row.badges
    )
    return BADGES.format(labels["goals"], items)


def _spark(row: CaseloadRow) -> str:
    points = row.spark_points
    if not points:
        return ""
    # As {% blocktranslate %}: the translation is trusted, the value in it escaped.
    label = gettext("Progress towards the goals, 0 to 10; latest %(latest)s") % {
        "latest": esc(formats.localize(row.spark_latest))
    }
    return SPARK.format(label, esc(points))


def _row(row: CaseloadRow, labels: dict[str, str], urls: dict[str, str]) -> str:
    name, pk = esc(row.client.display_name), str(row.client.pk)
    return ROW.format(
        attention=" caseload__row--attention" if row.needs_attention else "",
        page=urls["page"].replace("{pk}", pk),
        name=name,
        brief=urls["brief"].replace("{pk}", pk),
        brief_label=labels["brief"],
        for_name=gettext("for %(name)s") % {"name": name},
        muted="" if row.needs_attention else " muted",
        reasons=esc(row.reasons_text),
        next_label=labels["next"],
        next_session=_time(row.next_session, NEXT_FORMAT) if row.next_session else labels["none_planned"],
        last_label=labels["last"],
        last_checkin=_time(row.last_checkin_at, LAST_FORMAT) if row.last_checkin_at else labels["none_yet"],
        badges=_badges(row, labels),
        spark=_spark(row),
    )


def rows_html(rows: Iterable[CaseloadRow]) -> SafeString:
    labels = {
        key: esc(text)
        for key, text in {
            "brief": gettext("Brief"),
            "next": gettext("Next session"),
            "none_planned": gettext("none planned"),
            "last": gettext("Last check-in"),
            "none_yet": gettext("none yet"),
            "goals": gettext("Goals"),
        }.items()
    }
    # Reversed once: a row's links differ only in the client's id.
    urls = {name: reverse(f"client_{name}", args=[PK]).replace(str(PK), "{pk}") for name in ("page", "brief")}
    return mark_safe("".join(_row(row, labels, urls) for row in rows))  # noqa: S308  # nosec B308 B703 - every value escaped
