"""Everything Accord holds about a client that is theirs to take away (GDPR Art. 15/20), as plain data:
goals with every version and the agreement record, steps, GAS, readiness and progress ratings, check-ins,
messages, the agenda, goal ideas, measures with their scores, and wins. The shape is documented in
docs/records.md ("The client's download"); ``SHAPE_VERSION`` changes when it does.

The therapist-only formulation is not read here, nor are safety-flag messages written for the therapist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from accord.accounts.models import Client
from accord.assessments import catalogue
from accord.assessments.models import MeasureResponse
from accord.checkins.models import Celebration, CheckIn, GoalEntry, ProgressRating
from accord.dialogue.models import AgendaItem, GoalIdea, Message, Thread
from accord.goals.models import AgreementEvent, GasRating, Goal, GoalStep, GoalVersion, ReadinessRating

SHAPE_VERSION = 1

VERSION_FIELDS = (
    "statement",
    "life_area",
    "measure_kind",
    "unit",
    "baseline",
    "target",
    "direction",
    "target_date",
    "review_every_weeks",
    "milestones",
    "action_steps",
    "gas_minus_2",
    "gas_minus_1",
    "gas_0",
    "gas_plus_1",
    "gas_plus_2",
    "gas_baseline_level",
    "reason",
    "created_by_party",
)


def _when(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return _when(value)
    return value


def _goal(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "in_your_words": goal.client_words,
        "statement": goal.current_version.statement if goal.current_version else "",
        "status": goal.lifecycle_status,
        "achievement": goal.achievement_status,
        "agreed": goal.is_agreed,
        "agreed_version": goal.agreed_version.number if goal.agreed_version else None,
        "proposed_by": goal.proposed_by_party,
        "created_at": _when(goal.created_at),
        "your_importance": goal.client_importance,
        "therapist_difficulty": goal.therapist_difficulty,
        "versions": [
            {"number": v.number, "created_at": _when(v.created_at)}
            | {name: _plain(getattr(v, name)) for name in VERSION_FIELDS}
            for v in goal.versions.all()
        ],
        "agreement": [
            {
                "at": _when(e.at),
                "party": e.party,
                "decision": e.decision,
                "version": e.version.number,
                "comment": e.comment,
            }
            for e in goal.agreement_events.all()
        ],
        "steps": [
            {"kind": s.kind, "text": s.text, "current": s.is_current, "done_at": _when(s.done_at)}
            for s in goal.steps.all()
        ],
        "gas_ratings": [
            {"at": _when(r.rated_at), "party": r.party, "level": r.level, "note": r.note}
            for r in goal.gas_ratings.all()
        ],
        "readiness": [
            {
                "at": _when(r.rated_at),
                "importance": r.importance,
                "confidence": r.confidence,
                "scale": [r.scale_min, r.scale_max],
            }
            for r in goal.readiness.all()
        ],
        "progress_ratings": [
            {"at": _when(r.rated_at), "party": r.party, "rating": r.rating}
            for r in goal.progress_ratings.all()
        ],
    }


def _measure(response: MeasureResponse) -> dict[str, Any]:
    instrument = catalogue.instrument_version(response.instrument_key, response.instrument_version)
    answers = []
    for key, value in (response.answers or {}).items():
        text = key
        label = ""
        if instrument is not None:
            try:
                item = instrument.item(key)
                text, label = item.text, item.label_for(value) if not isinstance(value, list) else ""
            except KeyError:
                pass
        answers.append({"item": key, "question": text, "answer": value, "answer_text": label})
    return {
        "measure": instrument.title if instrument else response.instrument_key,
        "key": response.instrument_key,
        "completed_at": _when(response.completed_at),
        "total": response.total,
        "max_total": response.max_total,
        "band": response.band_label,
        "answers": answers,
    }


def client_data(client: Client) -> dict[str, Any]:
    goals = (
        Goal.objects.filter(client=client)
        .select_related("current_version", "agreed_version")
        .prefetch_related(
            Prefetch("versions", queryset=GoalVersion.objects.order_by("number")),
            Prefetch("agreement_events", queryset=AgreementEvent.objects.select_related("version")),
            Prefetch("steps", queryset=GoalStep.objects.all()),
            Prefetch("gas_ratings", queryset=GasRating.objects.all()),
            Prefetch("readiness", queryset=ReadinessRating.objects.all()),
            Prefetch("progress_ratings", queryset=ProgressRating.objects.all()),
        )
    )
    checkins = CheckIn.objects.filter(client=client).prefetch_related(
        Prefetch("entries", queryset=GoalEntry.objects.select_related("version"))
    )
    threads = Thread.objects.filter(client=client).prefetch_related(
        Prefetch("messages", queryset=Message.objects.order_by("created_at", "id"))
    )
    return {
        "shape_version": SHAPE_VERSION,
        "made_at": _when(timezone.now()),
        "you": {
            "name": client.display_name,
            "practice": client.practice.name,
            "since": _when(client.created_at),
        },
        "goals": [_goal(goal) for goal in goals],
        "checkins": [
            {
                "submitted_at": _when(c.submitted_at),
                "note": c.note,
                "goals": [
                    {
                        "goal": e.goal_id,
                        "goal_statement": e.version.statement,
                        "on": _when(e.recorded_on),
                        "value": e.value,
                        "progress": e.progress,
                        "confidence": e.confidence,
                        "what_helped": e.helped,
                        "what_got_in_the_way": e.got_in_the_way,
                    }
                    for e in c.entries.all()
                ],
            }
            for c in checkins.order_by("submitted_at", "id")
        ],
        "messages": [
            {
                "conversation": thread.pk,
                "about_goal": thread.goal_id,
                "messages": [
                    {
                        "at": _when(m.created_at),
                        "from": m.author_party,
                        "text": m.body,
                        "edited_at": _when(m.edited_at),
                    }
                    for m in thread.messages.all()
                ],
            }
            for thread in threads
        ],
        "agenda": [
            {
                "added_at": _when(a.added_at),
                "added_by": a.added_by_party,
                "text": a.text,
                "priority": a.priority,
                "discussed_at": _when(a.discussed_at),
            }
            for a in AgendaItem.objects.filter(client=client).order_by("added_at", "id")
        ],
        "goal_ideas": [
            {
                "added_at": _when(i.added_at),
                "added_by": i.added_by_party,
                "text": i.text,
                "used_at": _when(i.used_at),
            }
            for i in GoalIdea.objects.filter(client=client).order_by("added_at", "id")
        ],
        "measures": [
            _measure(r) for r in MeasureResponse.objects.filter(client=client).order_by("completed_at", "id")
        ],
        "wins": [
            {
                "at": _when(w.created_at),
                "kind": w.kind,
                "title": w.title_shown,
                "goal": w.goal_id,
                "note_from_your_therapist": w.therapist_note,
            }
            for w in Celebration.objects.filter(client=client).order_by("created_at", "id")
        ],
    }
