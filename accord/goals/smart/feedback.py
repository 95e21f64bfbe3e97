"""Feedback text shared by the criteria: measure labels, the worked example, suggestions, quoting."""

from __future__ import annotations

from accord.goals.smart.i18n import _

MEASURE_LABELS = {
    "rating_0_10": _("a 0–10 rating"),
    "count_per_day": _("a count per day"),
    "count_per_week": _("a count per week"),
    "count_per_month": _("a count per month"),
    "minutes": _("minutes"),
    "yes_no_per_day": _("yes or no each day"),
    "standard_score": _("a questionnaire score"),
}

EXAMPLE_GOAL = _("Go for a 20-minute walk three times a week for the next six weeks.")

SUGGESTIONS = {
    "absolute_wording": _(
        "Swap all-or-nothing words for a level you could reach on most days — e.g. 'on 5 days "
        "out of 7' rather than 'always'."
    ),
    "implausible_rate": _(
        "Split the change into milestones, or give it more time — e.g. aim for part of the "
        "way by the first review."
    ),
    "target_out_of_range": _("Pick a target inside the measure's range."),
    "low_confidence": _(
        "Make the first step smaller — something you'd rate at least 7 out of 10 for confidence."
    ),
    "example": _("Putting it together might look like: '{example}'"),
}


def _quote(phrases: list[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(phrases))[:limit]
    return ", ".join(f"“{p}”" for p in unique)
