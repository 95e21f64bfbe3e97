"""Progress charts: server-rendered SVG (matplotlib), cached, with a data table beside each one on the page.

Honest charts (PRODUCT.md §6): a real time axis in date order; a line never bridges a stretch without
check-ins longer than twice the client's rhythm, and such stretches are shaded; the y-axis spans the measure's
own range (0–10, 0–7 days, a questionnaire's 0–27; counts and minutes from 0 to 1.2 × the largest of target,
baseline and values), never a zoomed slice that exaggerates a dip; the latest value is written on the chart.

A chart is described first as a ``ChartSpec`` (plain data), then drawn by ``render_svg``. The same spec can be
drawn into a PDF later (``build_figure`` returns the matplotlib figure). Colours are from the Okabe–Ito
palette, which stays distinguishable with the common colour-vision deficiencies, and every line also differs
in style and is named in the legend, so colour is never the only cue.

Only matplotlib's object-oriented API is used (no pyplot state), with the Agg backend and a lock around
drawing, so threaded servers can draw charts side by side.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from django.core.cache import cache
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accord.goals.models import LifecycleStatus, MeasureKind, Party
from accord.progress.rules import format_value
from accord.progress.status import MEASURE

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Bump when the drawing changes, so cached charts are drawn again.
CHART_VERSION = 2  # 2: ticks at both ends of the range, labels beside the lines, never on each other
CACHE_SECONDS = 24 * 60 * 60
TOWARDS_KIND = "towards"  # the client's 0–10 towards a goal without a measure of its own

INK = "#1f2a2e"
INK_SOFT = "#4a5a60"
GRID = "#dde3e1"
# Okabe–Ito
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
GREY = "#6b6b6b"
GAP_FILL = "#ececec"
BAND_FILLS = ("#f3f5f4", "#ffffff")

FONT_SIZE = 10.5

_drawing = threading.Lock()


@functools.cache
def _matplotlib() -> ModuleType:
    """matplotlib, imported and set up when the first chart is drawn, not when this module is imported:
    importing it takes about half a second, which every process (each `manage.py` command, each server and
    test worker starting) paid whether it drew a chart or not."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates
    import matplotlib.figure
    import matplotlib.ticker

    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",  # real <text>, in the page's sans-serif; smaller than glyph outlines
            "svg.hashsalt": "accord",  # the same chart gives the same file
            "font.size": FONT_SIZE,
            "axes.edgecolor": INK_SOFT,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "text.color": INK,
        }
    )
    return matplotlib


@dataclass(frozen=True)
class Layout:
    """Two drawings of each chart: a wide one, and a narrow one with larger text for phones, so the text
    stays about 12–14px high wherever the image is shown (the page picks one with <picture>)."""

    size: tuple[float, float]
    font: float
    margins: tuple[float, float, float, float]  # left, right, top, bottom (figure fractions)
    legend_columns: int
    max_ticks: int


# The right margin holds the labels of the reference lines (start, target), written beside each line's end.
LAYOUTS = {
    "wide": Layout((6.0, 3.6), FONT_SIZE, (0.09, 0.80, 0.88, 0.27), 2, 6),
    "narrow": Layout((4.2, 3.9), 12.5, (0.13, 0.72, 0.86, 0.32), 1, 4),
}
# Room left of the right edge for the latest value, written beside its point (a share of the dates shown).
LATEST_ROOM = 0.12


# --- what a chart shows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[tuple[dt.date, float], ...]
    color: str = BLUE
    marker: str = "o"
    linestyle: str = "-"
    gid: str = "values"


@dataclass(frozen=True)
class Line:
    """A horizontal reference line (baseline, target, the expected GAS outcome), labelled on the chart."""

    y: float
    label: str
    color: str = GREY
    linestyle: str = ":"


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    label: str


@dataclass(frozen=True)
class ChartSpec:
    title: str  # the SVG's <title>
    description: str  # the SVG's <desc>: what the chart shows, in words
    y_label: str
    y_range: tuple[float, float]
    x_range: tuple[dt.date, dt.date]
    series: tuple[Series, ...]
    lines: tuple[Line, ...] = ()
    path: tuple[tuple[dt.date, float], ...] = ()  # the expected path
    path_label: str = ""
    bands: tuple[Band, ...] = ()
    gaps: tuple[tuple[dt.date, dt.date], ...] = ()
    gap_label: str = ""
    max_gap_days: int | None = None
    integer_y: bool = False
    label_latest: bool = True


# --- the rules that keep a chart honest -----------------------------------------------------------------


def y_limits(
    kind: str,
    *,
    baseline: float | None = None,
    target: float | None = None,
    values: Sequence[float] = (),
    scale_min: float | None = None,
    scale_max: float | None = None,
) -> tuple[float, float]:
    """The measure's own range: its scale where it has one, else from 0 to 1.2 × the largest of the target,
    the baseline and the values (so nothing touches the top edge and a dip is never magnified)."""
    if scale_min is not None and scale_max is not None and scale_max > scale_min:
        return (float(scale_min), float(scale_max))
    if kind in (MeasureKind.RATING, TOWARDS_KIND):
        return (0.0, 10.0)
    if kind == MeasureKind.YES_NO_DAY:
        return (0.0, 7.0)
    top = max([v for v in (baseline, target, *values) if v is not None], default=0.0)
    return (0.0, top * 1.2 if top > 0 else 1.0)


def max_gap_days(every_weeks: int) -> int:
    """Longer than twice the rhythm without a check-in is a gap: the line is broken there."""
    return 2 * 7 * max(1, every_weeks)


def split_at_gaps(
    points: Sequence[tuple[dt.date, float]], max_gap: int | None
) -> list[list[tuple[dt.date, float]]]:
    """The points in date order, in runs that no gap longer than ``max_gap`` days interrupts."""
    runs: list[list[tuple[dt.date, float]]] = []
    for point in sorted(points, key=lambda p: p[0]):
        if runs and (max_gap is None or (point[0] - runs[-1][-1][0]).days <= max_gap):
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def gaps_between(
    dates: Sequence[dt.date], max_gap: int, *, until: dt.date | None = None
) -> list[tuple[dt.date, dt.date]]:
    """Stretches longer than ``max_gap`` days without a value, including the one up to ``until`` (today)."""
    ordered = sorted(dates)
    if until is not None and ordered:
        ordered.append(until)
    return [(a, b) for a, b in zip(ordered, ordered[1:], strict=False) if (b - a).days > max_gap]


def x_limits(*dates: dt.date | None) -> tuple[dt.date, dt.date]:
    known = [d for d in dates if d is not None]
    first, last = min(known), max(known)
    pad = max(2, (last - first).days // 40)
    return (first - dt.timedelta(days=pad), last + dt.timedelta(days=pad))


def fmt(value: float) -> str:
    """One decimal at most, written the reader's way (2.5, or 2,5 in Spanish)."""
    return formats.number_format(f"{round(value, 1):g}")


def short_date(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_MONTH_DAY_FORMAT")


def long_date(day: dt.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


# --- drawing --------------------------------------------------------------------------------------------


def build_figure(spec: ChartSpec, layout: Layout = LAYOUTS["wide"]) -> Figure:
    # Fixed margins rather than a layout engine: as readable, and drawing takes half the time.
    figure = _matplotlib().figure.Figure(figsize=layout.size)
    left, right, top, bottom = layout.margins
    figure.subplots_adjust(left=left, right=right, top=top, bottom=bottom)
    axes = figure.add_subplot()
    _draw_bands(axes, spec, layout)
    _draw_gaps(axes, spec)
    for line in spec.lines:
        axes.axhline(line.y, color=line.color, linestyle=line.linestyle, linewidth=1.4, zorder=2)
    _label_lines(axes, spec, layout)
    if spec.path:
        dates, values = zip(*spec.path, strict=True)
        axes.plot(dates, values, color=VERMILLION, linestyle="--", linewidth=1.6, label=spec.path_label)
    for series in spec.series:
        _draw_series(axes, series, spec.max_gap_days)
    if spec.label_latest and spec.series and spec.series[0].points:
        # The latest: the last date's last value, as every text says (``progress.effective_points``),
        # written beside its point, just above its level, so a line at that level passes under it.
        day, value = sorted(spec.series[0].points, key=lambda p: p[0])[-1]
        axes.annotate(
            format_value(value),
            xy=(day, value),
            xytext=(6, 2),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=layout.font + 1,
            fontweight="bold",
            color=INK,
            gid="latest-value",
            zorder=5,
        )
    _style_axes(axes, spec, layout)
    return figure


def spread(positions: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions (in points, in the order given) moved apart as little as needed so that no two are
    closer than ``gap``, kept within ``low``–``high`` where there is room."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [positions[i] for i in order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    overflow = placed[-1] - high if placed else 0
    if overflow > 0:
        placed = [p - overflow for p in placed]
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    if placed and placed[0] < low:
        placed = [p + (low - placed[0]) for p in placed]
    result = [0.0] * len(placed)
    for rank, index in enumerate(order):
        result[index] = placed[rank]
    return result


def _label_lines(axes, spec: ChartSpec, layout: Layout) -> None:
    """Each reference line is named in the right margin, level with its end; labels that would touch are
    moved apart (a thin leader joins a moved label to its line)."""
    if not spec.lines:
        return
    figure = axes.figure
    low, high = spec.y_range
    height_pt = figure.get_size_inches()[1] * 72 * (layout.margins[2] - layout.margins[3])
    to_pt = lambda y: (min(max(y, low), high) - low) / (high - low) * height_pt  # noqa: E731
    wanted = [to_pt(line.y) for line in spec.lines]
    gap = (layout.font - 1) * 1.35
    placed = spread(wanted, gap, -layout.font, height_pt + layout.font)
    for line, want, at in zip(spec.lines, wanted, placed, strict=True):
        axes.annotate(
            line.label,
            xy=(1, min(max(line.y, low), high)),
            xycoords=("axes fraction", "data"),
            xytext=(6, at - want),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=layout.font - 1,
            color=INK,
            annotation_clip=False,
            gid="line-label",
            arrowprops=None if abs(at - want) < 1 else {"arrowstyle": "-", "color": line.color, "lw": 0.8},
        )


def full_range_ticks(low: float, high: float, most: int) -> list[float]:
    """Whole-number ticks from ``low`` to ``high`` with both ends labelled (0–7 days shows 7, not 6)."""
    span = high - low
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10**9) if span / s <= most)
    ticks = [float(t) for t in range(int(low), int(high), step)]
    if ticks and high - ticks[-1] < step / 2:
        ticks.pop()
    return [*ticks, float(high)]


def _draw_bands(axes, spec: ChartSpec, layout: Layout) -> None:
    low, high = spec.y_range
    for index, band in enumerate(spec.bands):
        bottom, top = max(low, band.low), min(high, band.high)
        axes.axhspan(bottom, top, color=BAND_FILLS[index % 2], zorder=0, linewidth=0)
        axes.annotate(
            band.label,
            xy=(0, (bottom + top) / 2),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=layout.font - 2,
            color=INK_SOFT,
        )


def _draw_gaps(axes, spec: ChartSpec) -> None:
    for index, (start, end) in enumerate(spec.gaps):
        label = spec.gap_label if index == 0 else None
        axes.axvspan(start, end, color=GAP_FILL, zorder=0.5, linewidth=0, label=label)


def _draw_series(axes, series: Series, max_gap: int | None) -> None:
    for index, run in enumerate(split_at_gaps(series.points, max_gap)):
        dates, values = zip(*run, strict=True)
        axes.plot(
            dates,
            values,
            color=series.color,
            marker=series.marker,
            markersize=5.5,
            linestyle=series.linestyle,
            linewidth=2,
            label=series.label if index == 0 else None,
            gid=f"{series.gid}-{index}",
            zorder=3,
        )


def _style_axes(axes, spec: ChartSpec, layout: Layout) -> None:
    matplotlib = _matplotlib()
    ticker = matplotlib.ticker
    axes.set_ylim(*spec.y_range)
    first, last = (matplotlib.dates.date2num(d) for d in spec.x_range)
    if spec.label_latest and spec.series and spec.series[0].points:
        last = max(
            last,
            matplotlib.dates.date2num(max(p[0] for p in spec.series[0].points))
            + (last - first) * LATEST_ROOM,
        )
    axes.set_xlim(first, last)
    # The unit reads across, above the axis, instead of sideways along it: long units stay readable.
    axes.set_title(spec.y_label, loc="left", fontsize=layout.font, color=INK_SOFT, pad=8)
    axes.tick_params(labelsize=layout.font)
    axes.grid(axis="y", color=GRID, linewidth=0.7)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.xaxis.set_major_locator(matplotlib.dates.AutoDateLocator(minticks=2, maxticks=layout.max_ticks))
    axes.xaxis.set_major_formatter(
        ticker.FuncFormatter(lambda x, _pos: short_date(matplotlib.dates.num2date(x)))
    )
    low, high = spec.y_range
    if spec.integer_y and float(low).is_integer() and float(high).is_integer():
        axes.yaxis.set_major_locator(ticker.FixedLocator(full_range_ticks(low, high, 7)))
    elif spec.integer_y:
        axes.yaxis.set_major_locator(ticker.MaxNLocator(integer=True, nbins=6))
    handles, labels = axes.get_legend_handles_labels()
    if handles:
        axes.legend(
            handles,
            labels,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12),
            ncols=layout.legend_columns,
            frameon=False,
            fontsize=layout.font - 1,
        )


def render_svg(spec: ChartSpec, size: str = "wide") -> str:
    """The chart as a standalone SVG document, with a <title> and <desc> for assistive technology."""
    with _drawing:
        figure = build_figure(spec, LAYOUTS[size])
        buffer = io.StringIO()
        figure.savefig(
            buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None}
        )
    return _with_title(buffer.getvalue(), spec.title, spec.description)


def _with_title(svg: str, title: str, description: str) -> str:
    start = svg.index("<svg ")
    end = svg.index(">", start)
    opening = svg[start:end] + ' role="img" aria-labelledby="chart-title chart-desc">'
    label = f'<title id="chart-title">{escape(title)}</title>'
    label += f'<desc id="chart-desc">{escape(description)}</desc>'
    # Drop the XML prolog's DOCTYPE (an external DTD reference nothing needs) but keep the declaration.
    prolog = svg[:start].split("<!DOCTYPE", 1)[0]
    return prolog + opening + label + svg[end + 1 :]


def cached_svg(name: str, spec: ChartSpec, size: str = "wide") -> str:
    """Draw once per distinct chart. The key is the chart's name (e.g. ``goal:12``) and a digest of
    everything drawn, so any new value, rating or change of plan gives a new key: nothing stale is served,
    and no health data appears in the key itself."""
    digest = hashlib.sha256(repr((CHART_VERSION, get_language(), size, spec)).encode()).hexdigest()[:40]
    key = f"accord:chart:{name}:{digest}"
    svg = cache.get(key)
    if svg is None:
        svg = render_svg(spec, size)
        cache.set(key, svg, CACHE_SECONDS)
    return svg


# --- the charts Accord draws ----------------------------------------------------------------------------


def goal_chart(progress, *, every_weeks: int = 1, today: dt.date | None = None) -> ChartSpec:
    """One goal's values against its baseline, target and expected path (``progress``: a GoalProgress)."""
    version, plan = progress.version, progress.plan
    own_measure = progress.mode == MEASURE
    kind = version.measure_kind if own_measure else TOWARDS_KIND
    points = tuple((p.on, p.value) for p in progress.points)
    y_range = y_limits(
        kind,
        baseline=plan.baseline,
        target=plan.target,
        values=[value for _day, value in points],
        scale_min=version.scale_min if own_measure else None,
        scale_max=version.scale_max if own_measure else None,
    )
    gap = max_gap_days(every_weeks)
    until = today if progress.goal.lifecycle_status == LifecycleStatus.ACTIVE else None
    gaps = gaps_between([day for day, _value in points], gap, until=until)
    label = progress.unit or progress.measure_label
    return ChartSpec(
        title=_("Progress on this goal, %(measure)s") % {"measure": label},
        description=_goal_description(progress, points, gap),
        y_label=label,
        y_range=y_range,
        x_range=x_limits(plan.start, plan.target_date, *(day for day, _value in points), until),
        series=(Series(_("Check-in values"), points),),
        lines=(
            Line(plan.baseline, _("Start: %(value)s") % {"value": fmt(plan.baseline)}),
            Line(plan.target, _("Target: %(value)s") % {"value": fmt(plan.target)}, GREEN, "-."),
        ),
        path=tuple((p.on, p.value) for p in progress.expected_path),
        path_label=_("Expected path to the target date"),
        gaps=tuple(gaps),
        gap_label=_("No check-in for over %(days)d days") % {"days": gap},
        max_gap_days=gap,
        integer_y=y_range[1] - y_range[0] >= 4,
    )


def _goal_description(progress, points, gap: int) -> str:
    plan = progress.plan
    parts = [
        _("From %(start)s at the start (%(date)s) to a target of %(target)s")
        % {"start": fmt(plan.baseline), "date": long_date(plan.start), "target": fmt(plan.target)}
        + (_(" by %(date)s.") % {"date": long_date(plan.target_date)} if plan.target_date else ".")
    ]
    if points:
        first, last = points[0], points[-1]
        parts.append(
            _("%(n)d values from %(first)s to %(last)s; the latest is %(value)s on %(day)s.")
            % {
                "n": len(points),
                "first": long_date(first[0]),
                "last": long_date(last[0]),
                "value": format_value(last[1]),
                "day": long_date(last[0]),
            }
        )
    else:
        parts.append(_("No values yet."))
    parts.append(_("The line is broken where no check-in came for more than %(days)d days.") % {"days": gap})
    return " ".join(parts)


def t_score_chart(series, *, party_names: dict[str, str]) -> ChartSpec:
    """The client's GAS T-score over time, one line per party (``series``: a TScoreSeries)."""
    styles = {Party.CLIENT: (BLUE, "o", "-"), Party.THERAPIST: (VERMILLION, "s", "--")}
    drawn = []
    for party, points in series.by_party.items():
        color, marker, linestyle = styles[party]
        label = _("%(name)s's ratings") % {"name": party_names[party]}
        drawn.append(Series(label, tuple((p.on, p.t_score) for p in points), color, marker, linestyle, party))
    values = [p.t_score for points in series.by_party.values() for p in points]
    low = min([series.low, *values]) if series.low is not None else 30.0
    high = max([series.high, *values]) if series.high is not None else 70.0
    dates = [p.on for points in series.by_party.values() for p in points]
    lines = [Line(50, _("50: every goal at its expected level"), GREEN, "-.")]
    if series.baseline is not None:
        lines.append(Line(series.baseline, _("At the start: %(t)s") % {"t": fmt(series.baseline)}))
    return ChartSpec(
        title=_("GAS T-score over time"),
        description=_(
            "T-scores from %(low)s to %(high)s are possible for these goals; 50 means every goal at its "
            "expected level. %(n)d dates with ratings."
        )
        % {"low": fmt(low), "high": fmt(high), "n": len(set(dates))},
        y_label=_("T-score"),
        y_range=(low, high),
        x_range=x_limits(*dates) if dates else x_limits(dt.date.today()),
        series=tuple(drawn),
        lines=tuple(lines),
        label_latest=False,
    )


def measure_chart(history, *, zone) -> ChartSpec:
    """A questionnaire's totals over time against its bands (``history``: assessments' MeasureHistory)."""
    from django.utils import timezone as tz

    instrument = history.instrument
    scoring = instrument.scoring
    points = tuple(
        (tz.localdate(row.response.completed_at, timezone=zone), float(row.response.total))
        for row in history.rows
        if row.response.total is not None
    )
    better = _("lower is better") if scoring.lower_is_better else _("higher is better")
    return ChartSpec(
        title=_("%(measure)s scores over time") % {"measure": instrument.short_title},
        description=_("Totals from %(low)d to %(high)d (%(better)s), with the bands shaded. %(n)d scores.")
        % {"low": scoring.min, "high": scoring.max, "better": better, "n": len(points)},
        y_label=_("%(measure)s total") % {"measure": instrument.short_title},
        y_range=(float(scoring.min), float(scoring.max)),
        x_range=x_limits(*(day for day, _value in points)),
        series=(Series(_("Score"), points),),
        bands=tuple(Band(b.min - 0.5, b.max + 0.5, str(b.label)) for b in instrument.bands),
        integer_y=True,
    )
