"""The composed reads of the API: the therapist's caseload in rank order and a client's pre-session brief.

Therapists only: a client asking gets 404, as for every therapist-only record. The brief is read through
``get_client_for_therapist``, which records the read in the audit trail; the caseload records one list
read naming the clients it returned (ids only)."""

# No `from __future__ import annotations` here: ninja reads the annotations at run time.
from datetime import datetime

from ninja import Field, Router

from accord.accounts.access import get_client_for_therapist, not_found
from accord.accounts.actors import AuthedHttpRequest
from accord.api.base import Schema
from accord.api.errors import ErrorOut
from accord.appointments import caseload
from accord.audit.recording import record_list_read
from accord.home.brief import brief_json, build_brief

router = Router(tags=["caseload and brief"])

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
CASELOAD_MAX = 500


class ReasonOut(Schema):
    code: str
    text: str


class GoalBadgeOut(Schema):
    goal_id: int
    status: str
    label: str


class CaseloadRowOut(Schema):
    client_id: int
    display_name: str
    reasons: list[ReasonOut] = Field(..., description="Most serious first; empty means on track.")
    next_session: datetime | None
    last_checkin: datetime | None
    goals: list[GoalBadgeOut]
    progress: list[float] = Field(..., description="Recent 0–10 progress values, oldest first (sparkline).")


class BriefOut(Schema):
    client_id: int
    session: dict | None
    since: datetime
    since_kind: str
    changes: list[dict]
    flags: list[dict] = Field(..., description="Each with its reason and the MI prompts that fit it.")
    motivation: list[dict] = Field(
        ..., description="Goals with a stage of change, in exploring, or with a decisional balance."
    )
    agenda: list[dict]
    time_split: dict


@router.get(
    "/caseload", response={200: list[CaseloadRowOut], **READ}, summary="My caseload, most in need first"
)
def caseload_list(request: AuthedHttpRequest, show: str = "all", q: str = ""):
    """The signed-in therapist's clients in rank order (docs/caseload.md), each with the reasons written out.
    ``show``: ``all``, ``attention`` or ``week``; ``q`` narrows by name."""
    if not request.user.is_therapist:
        raise not_found(request, what="caseload", object_id="-")
    if show not in caseload.FILTERS:
        show = caseload.ALL
    rows = caseload.caseload(request.user, query=q.strip()[:100], show=show)[:CASELOAD_MAX]
    record_list_read(request, [row.client.pk for row in rows], kind="client list")
    return [
        {
            "client_id": row.client.pk,
            "display_name": row.client.display_name,
            "reasons": [{"code": r.code, "text": r.text} for r in row.reasons],
            "next_session": row.next_session,
            "last_checkin": row.last_checkin_at,
            "goals": [{"goal_id": b.goal_id, "status": b.status, "label": b.label} for b in row.badges],
            "progress": row.spark,
        }
        for row in rows
    ]


@router.get(
    "/clients/{client_id}/brief", response={200: BriefOut, **READ}, summary="A client's pre-session brief"
)
def client_brief(request: AuthedHttpRequest, client_id: int):
    """The same sections as the brief page: changes since the last held session, flags, agenda, time split."""
    client = get_client_for_therapist(request, client_id)
    return brief_json(build_brief(client, request.user))
