"""Template helpers for progress: a goal's status looked up by id, and a GAS level written with its sign."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def status_for(statuses: dict | None, goal_id: int):
    """``{% include "checkins/progress_badge.html" with status=statuses|status_for:goal.pk %}`` — the
    status from ``accord.progress.status.statuses_by_goal``, or None."""
    return (statuses or {}).get(goal_id)


@register.filter
def gas_level(level) -> str:
    """+2, +1, 0, −1, −2 (with a real minus sign)."""
    if level is None or level == "":
        return ""
    level = int(level)
    return f"+{level}" if level > 0 else ("0" if level == 0 else f"−{-level}")
