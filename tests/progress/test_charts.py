"""Honest charts: the measure's own y-range, dates in order, broken lines and shading across gaps, the latest
value written on the chart, an accessible SVG served as an image under its own narrow policy, cached until
the data change, and only to the client and their care team."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from matplotlib.dates import date2num

from accord.goals.models import MeasureKind, Party
from accord.progress import charts, status
from accord.progress.charts import ChartSpec, Series, gaps_between, split_at_gaps, y_limits
from tests.progress.progress_support import (
    CALMER_PLAN,
    START,
    WALKS_PLAN,
    add_values,
    planned_goal,
    rate_gas,
)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


# --- the rules (no database) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (MeasureKind.RATING, (0, 10)),
        (charts.TOWARDS_KIND, (0, 10)),
        (MeasureKind.YES_NO_DAY, (0, 7)),
    ],
)
def test_scales_with_a_fixed_range_use_all_of_it(kind, expected):
    # Values near the top or bottom never narrow the axis.
    assert y_limits(kind, baseline=4, target=6, values=[5, 5.5]) == expected


def test_a_standard_measure_uses_its_own_scale():
    assert y_limits(MeasureKind.STANDARD, baseline=17, target=9, values=[15], scale_min=0, scale_max=27) == (
        0,
        27,
    )


@pytest.mark.parametrize("kind", [MeasureKind.COUNT_WEEK, MeasureKind.MINUTES, MeasureKind.STANDARD])
def test_counts_run_from_zero_to_a_fifth_above_the_largest_of_target_and_values(kind):
    assert y_limits(kind, baseline=0, target=3, values=[1, 2]) == (0, pytest.approx(3.6))
    assert y_limits(kind, baseline=0, target=3, values=[1, 5]) == (0, pytest.approx(6.0))
    assert y_limits(kind, baseline=40, target=20, values=[35]) == (0, pytest.approx(48.0))
    assert y_limits(kind, values=[]) == (0, 1)


def test_runs_split_where_the_gap_is_longer_than_allowed():
    points = [(day(0), 1), (day(7), 2), (day(14), 2), (day(40), 3), (day(47), 3)]
    runs = split_at_gaps(points, 14)
    assert [[d for d, _v in run] for run in runs] == [[day(0), day(7), day(14)], [day(40), day(47)]]


def test_runs_are_in_date_order_whatever_order_they_came_in():
    runs = split_at_gaps([(day(14), 3), (day(0), 1), (day(7), 2)], 14)
    assert runs == [[(day(0), 1), (day(7), 2), (day(14), 3)]]


def test_gaps_include_the_silence_since_the_last_value():
    dates = [day(0), day(7), day(30)]
    assert gaps_between(dates, 14) == [(day(7), day(30))]
    assert gaps_between(dates, 14, until=day(50)) == [(day(7), day(30)), (day(30), day(50))]
    assert gaps_between(dates, 14, until=day(40)) == [(day(7), day(30))]


def test_the_gap_allowed_is_twice_the_rhythm():
    assert (charts.max_gap_days(1), charts.max_gap_days(2)) == (14, 28)


def spec(points, **extra) -> ChartSpec:
    values = {
        "title": "Walks <a week>",
        "description": "From 0 & up",
        "y_label": "walks",
        "y_range": (0, 3.6),
        "x_range": charts.x_limits(day(0), day(70)),
        "series": (Series("Check-in values", tuple(points)),),
        "max_gap_days": 14,
    }
    return ChartSpec(**{**values, **extra})


def test_the_figure_keeps_the_given_y_range_and_a_date_axis():
    figure = charts.build_figure(spec([(day(7), 1), (day(14), 3.5)], y_range=(0, 10)))
    axes = figure.axes[0]
    assert axes.get_ylim() == (0, 10)
    low, high = axes.get_xlim()
    assert low < date2num(day(7)) < high


def value_paths(svg: str) -> dict[str, list[float]]:
    """The x coordinates of each run of the value line, by its id (values-0, values-1, …)."""
    found = {}
    for gid, body in re.findall(r'<g id="(values-\d+)">(.*?)</g>', svg, re.S):
        path = re.search(r'<path d="([^"]+)"', body)
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.group(1))]
        found[gid] = numbers[0::2]
    return found


def test_the_svg_is_accessible_and_escapes_text():
    svg = charts.render_svg(spec([(day(7), 1), (day(14), 2)]))
    assert svg.startswith("<?xml")
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in svg
    assert '<title id="chart-title">Walks &lt;a week&gt;</title>' in svg
    assert '<desc id="chart-desc">From 0 &amp; up</desc>' in svg
    assert "<!DOCTYPE" not in svg and "<script" not in svg


def test_the_line_goes_forward_in_time_and_breaks_at_a_gap():
    points = [(day(7), 1), (day(14), 2), (day(21), 2), (day(50), 3), (day(57), 2)]
    runs = value_paths(charts.render_svg(spec(points)))
    assert list(runs) == ["values-0", "values-1"]
    xs = runs["values-0"] + runs["values-1"]
    assert xs == sorted(xs) and len(xs) == len(points)


def test_the_latest_value_is_written_on_the_chart():
    svg = charts.render_svg(spec([(day(7), 1), (day(14), 2.5)]))
    latest = re.search(r'<g id="latest-value">(.*?)</g>', svg, re.S).group(1)
    assert ">2.5<" in latest


def test_the_narrow_drawing_is_smaller_with_larger_text():
    wide = charts.render_svg(spec([(day(7), 1)]))
    narrow = charts.render_svg(spec([(day(7), 1)]), "narrow")
    width = lambda svg: float(re.search(r'width="([\d.]+)pt"', svg).group(1))  # noqa: E731
    assert width(narrow) < width(wide)


# --- charts from the database ------------------------------------------------------------------------


@pytest.fixture
def walks(cast):
    return planned_goal(cast)


@pytest.mark.django_db
def test_a_goals_chart_spans_its_measure_and_its_plan(walks):
    add_values(walks, [1, 2, 1.5])
    progress = status.goal_progress(walks, today=day(30))
    chart = charts.goal_chart(progress, every_weeks=1, today=day(30))
    assert chart.y_range == (0, pytest.approx(3.6))
    assert chart.x_range[0] <= START and chart.x_range[1] >= WALKS_PLAN["target_date"]
    assert chart.path == ((START, 0), (WALKS_PLAN["target_date"], 3))
    assert [line.y for line in chart.lines] == [0, 3]
    dates = [d for d, _v in chart.series[0].points]
    assert dates == sorted(dates)


@pytest.mark.django_db
def test_a_goal_without_a_measure_is_drawn_on_0_to_10(cast):
    calmer = planned_goal(cast, content=CALMER_PLAN)
    add_values(calmer, [None, None], progress=[3, 9])
    chart = charts.goal_chart(status.goal_progress(calmer, today=day(30)), today=day(30))
    assert chart.y_range == (0, 10)


@pytest.mark.django_db
def test_a_long_silence_is_shaded_and_breaks_the_line(walks):
    add_values(walks, [1, 2])
    add_values(walks, [2], first_day=60)
    progress = status.goal_progress(walks, today=day(62))
    chart = charts.goal_chart(progress, every_weeks=1, today=day(62))
    assert chart.gaps == ((day(14), day(60)),)
    chart = charts.goal_chart(progress, every_weeks=4, today=day(62))
    assert chart.gaps == ()


@pytest.mark.django_db
def test_a_cached_chart_is_drawn_again_only_when_the_data_change(walks):
    cache.clear()
    add_values(walks, [1, 2])
    drawn = []
    real = charts.render_svg

    def counting(chart_spec, size="wide"):
        drawn.append(size)
        return real(chart_spec, size)

    with mock.patch.object(charts, "render_svg", counting):
        for _ in range(2):
            charts.cached_svg("goal:1", charts.goal_chart(status.goal_progress(walks), today=day(30)))
        assert len(drawn) == 1
        add_values(walks, [3], first_day=21)
        charts.cached_svg("goal:1", charts.goal_chart(status.goal_progress(walks), today=day(30)))
        assert len(drawn) == 2


# --- the image views -----------------------------------------------------------------------------------


def chart_url(goal) -> str:
    return reverse("goal_progress_chart", args=[goal.pk])


@pytest.mark.django_db
def test_the_chart_is_an_svg_image_that_is_never_stored(as_tess, as_cam, walks):
    add_values(walks, [1, 2])
    for browser in (as_tess, as_cam):
        response = browser.get(chart_url(walks))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["Content-Security-Policy"] == charts_policy()
        assert response.content.decode().count('id="chart-title"') == 1
    narrow = as_cam.get(chart_url(walks) + "?size=narrow")
    assert narrow.status_code == 200 and narrow.content != as_cam.get(chart_url(walks)).content


def charts_policy() -> str:
    from accord.progress.views import SVG_POLICY

    # Nothing may run or load inside the image; only matplotlib's inline styles are allowed.
    assert "script" not in SVG_POLICY and "default-src 'none'" in SVG_POLICY
    return SVG_POLICY


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["as_theo", "as_casey", "as_ada", "as_cleo"])
def test_the_chart_is_not_found_outside_the_care_team(request, who, walks):
    add_values(walks, [1, 2])
    assert request.getfixturevalue(who).get(chart_url(walks)).status_code == 404


@pytest.mark.django_db
def test_the_chart_asks_anonymous_visitors_to_sign_in(client, walks):
    response = client.get(chart_url(walks))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_the_chart_takes_only_get(as_tess, walks):
    assert as_tess.post(chart_url(walks)).status_code == 405


@pytest.mark.django_db
def test_no_chart_before_agreement(cast, as_cam):
    from accord.goals.actions import propose_goal

    proposal = propose_goal(cast.cam, cast.cam_user, words="Sleep better")
    assert as_cam.get(chart_url(proposal)).status_code == 404


@pytest.mark.django_db
def test_the_t_score_chart_needs_ratings_and_spans_the_possible_range(cast, as_tess, as_cam, walks):
    url = reverse("client_t_score_chart", args=[cast.cam.pk])
    assert as_tess.get(url).status_code == 404
    rate_gas(walks, Party.CLIENT, 0)
    rate_gas(walks, Party.THERAPIST, 1)
    for browser in (as_tess, as_cam):
        response = browser.get(url)
        assert response.status_code == 200 and b"GAS T-score over time" in response.content
    from accord.progress.series import t_score_series

    series = t_score_series(cast.cam)
    names = {Party.CLIENT: "Cam", Party.THERAPIST: "Tess"}
    chart = charts.t_score_chart(series, party_names=names)
    assert chart.y_range == (pytest.approx(30), pytest.approx(70))  # one goal: all at −2 … all at +2


@pytest.mark.django_db
def test_the_measure_chart_spans_the_questionnaire_with_its_bands(cast, as_tess, as_cam):
    from accord.assessments.models import MeasureResponse

    for weeks, total in ((6, 17), (3, 12), (0, 9)):
        MeasureResponse.objects.create(
            client=cast.cam,
            instrument_key="phq9",
            instrument_version=1,
            answers={},
            total=total,
            max_total=27,
            idempotency_key=f"t{weeks}",
        )
    url = reverse("client_measure_chart", args=[cast.cam.pk, "phq9"])
    for browser in (as_tess, as_cam):
        assert browser.get(url).status_code == 200
    assert as_tess.get(reverse("client_measure_chart", args=[cast.cam.pk, "gad7"])).status_code == 404
    from accord.assessments.sections import measure_histories
    from accord.progress.views import zoneinfo

    history = next(h for h in measure_histories(cast.cam) if h.instrument.key == "phq9")
    chart = charts.measure_chart(history, zone=zoneinfo.ZoneInfo("UTC"))
    assert chart.y_range == (0, 27)
    assert [band.label for band in chart.bands][:2] == [b.label for b in history.instrument.bands][:2]


@pytest.mark.django_db
def test_client_charts_are_not_found_for_another_practice(cast, as_theo, walks):
    rate_gas(walks, Party.CLIENT, 0)
    assert as_theo.get(reverse("client_t_score_chart", args=[cast.cam.pk])).status_code == 404
    assert as_theo.get(reverse("client_measure_chart", args=[cast.cam.pk, "phq9"])).status_code == 404


# --- issue 13: the whole range labelled, labels apart, the latest value beside its point -----------------


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 7, [0, 1, 2, 3, 4, 5, 6, 7]),
        (0, 10, [0, 2, 4, 6, 8, 10]),
        (0, 27, [0, 5, 10, 15, 20, 27]),
        (0, 21, [0, 5, 10, 15, 21]),
    ],
)
def test_the_ticks_run_to_both_ends_of_the_range(low, high, expected):
    assert charts.full_range_ticks(low, high, 7) == expected


def test_a_days_a_week_chart_is_labelled_up_to_7():
    figure = charts.build_figure(spec([(day(7), 2), (day(14), 4)], y_range=(0, 7), integer_y=True))
    assert list(figure.axes[0].get_yticks())[-1] == 7


def _texts(figure):
    import matplotlib.text
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    axes = figure.axes[0]
    labels = [t for t in axes.texts if t.get_text()]
    ticks = [t for t in axes.get_yticklabels() + axes.get_xticklabels() if t.get_text() and t.get_visible()]
    # The text itself (an annotation's own extent also covers the leader joining a moved label to its line).
    text_box = matplotlib.text.Text.get_window_extent
    return [(t.get_text(), text_box(t, renderer)) for t in labels], [
        (t.get_text(), t.get_window_extent(renderer)) for t in ticks
    ]


@pytest.mark.parametrize("size", ["wide", "narrow"])
def test_labels_never_sit_on_each_other(size):
    """Start and target a hair apart, the latest value at the target: every label stays readable."""
    chart = spec(
        [(day(7), 3.0), (day(14), 3.1), (day(21), 3.2)],
        y_range=(0, 7),
        integer_y=True,
        lines=(charts.Line(3.0, "Start: 3"), charts.Line(3.2, "Target: 3.2", charts.GREEN, "-.")),
    )
    labels, ticks = _texts(charts.build_figure(chart, charts.LAYOUTS[size]))
    assert {text for text, _box in labels} == {"Start: 3", "Target: 3.2", "3.2"}
    for i, (a, box_a) in enumerate(labels):
        for b, box_b in labels[i + 1 :] + ticks:
            assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"


def test_the_latest_value_is_beside_its_point_inside_the_chart():
    figure = charts.build_figure(spec([(day(7), 1), (day(70), 3)], y_range=(0, 7), integer_y=True))
    labels, _ticks = _texts(figure)
    ((_text, box),) = [(t, b) for t, b in labels if t == "3"]
    axes_box = figure.axes[0].get_window_extent()
    point_x = figure.axes[0].transData.transform((date2num(day(70)), 3))[0]
    assert box.x0 > point_x and box.x1 <= axes_box.x1 + 1
