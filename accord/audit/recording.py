"""The one helper that writes audit events."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from accord.audit.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """The caller's address. Behind a proxy, configure it to set REMOTE_ADDR (see docs/deployment.md)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    actor=None,
    obj: Any = None,
    client=None,
    practice=None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. ``actor`` defaults to the request's signed-in user; ``practice`` to the client's
    or the actor's practice, so events can always be filtered by practice."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if client is None and obj is not None and obj.__class__.__name__ == "Client":
        client = obj
    if practice is None:
        practice = _practice_of(client) or _practice_of(actor) or _practice_of(obj)
    event = AuditEvent(
        action=str(action),
        actor=actor,
        actor_label=getattr(actor, "email", "") or "",
        object_type=obj._meta.label_lower if obj is not None and hasattr(obj, "_meta") else "",
        object_id=str(obj.pk) if obj is not None and getattr(obj, "pk", None) is not None else "",
        client=client,
        practice=practice,
        ip_address=client_ip(request),
        detail=detail or {},
    )
    _append(event, request)
    if str(action) == ACCESS_DENIED:
        outside = _denial_for_the_target(event)
        if outside is not None:
            _append(outside, request)
    return event


def _append(event: AuditEvent, request: HttpRequest | None) -> None:
    if _must_outlive_the_request_transaction(event.action, request):
        getattr(request, DEFERRED_EVENTS_ATTR).append(event)
    else:
        event.save()


ACCESS_DENIED = "access.denied"
ACCESS_DENIED_OUTSIDE = "access.denied_outside"
# What a denial names → the record's model and the path to its practice. The targeted practice's admin
# sees that someone outside tried (the record and when), never who, from where, or from which practice.
DENIAL_TARGETS = {
    "client": ("accounts.Client", "practice_id"),
    "practice client": ("accounts.Client", "practice_id"),
    "therapist-only client record": ("accounts.Client", "practice_id"),
    "practice member": ("accounts.User", "practice_id"),
    "goal": ("goals.Goal", "client__practice_id"),
    "check-in": ("checkins.CheckIn", "client__practice_id"),
    "celebration": ("checkins.Celebration", "client__practice_id"),
    "measure response": ("assessments.MeasureResponse", "client__practice_id"),
    "measure assignment": ("assessments.MeasureAssignment", "client__practice_id"),
    "safety alert": ("assessments.SafetyAlert", "client__practice_id"),
}


def _denial_for_the_target(event: AuditEvent) -> AuditEvent | None:
    """The twin of a denial, filed under the practice whose record was tried, when that is another one."""
    what, object_id = event.detail.get("what"), str(event.detail.get("id", ""))
    if what not in DENIAL_TARGETS or not object_id.isdigit() or int(object_id) > 2**63 - 1:
        return None
    from django.apps import apps

    label, path = DENIAL_TARGETS[what]
    target = apps.get_model(label).objects.filter(pk=int(object_id)).values_list(path, flat=True).first()
    if target is None or target == event.practice_id:
        return None
    client_id = int(object_id) if label == "accounts.Client" else None
    return AuditEvent(
        action=ACCESS_DENIED_OUTSIDE,
        actor=None,
        actor_label="",
        client_id=client_id,
        practice_id=target,
        ip_address=None,
        detail={"what": what, "id": object_id},
    )


# A denial raises Http404, and ATOMIC_REQUESTS then rolls back everything the view wrote — the denial's
# own audit event included. Such events are kept on the request and written by DeferredAuditMiddleware
# once the view's transaction is over.
SURVIVE_ROLLBACK = {"access.denied", "access.denied_outside"}
DEFERRED_EVENTS_ATTR = "_accord_deferred_audit_events"


def _must_outlive_the_request_transaction(action: str, request: HttpRequest | None) -> bool:
    return (
        str(action) in SURVIVE_ROLLBACK
        and getattr(request, DEFERRED_EVENTS_ATTR, None) is not None
        and transaction.get_connection().in_atomic_block
    )


def write_deferred_events(request: HttpRequest) -> None:
    events = getattr(request, DEFERRED_EVENTS_ATTR, None) or []
    setattr(request, DEFERRED_EVENTS_ATTR, None)
    for event in events:
        event.save()


def _practice_of(thing: Any):
    if thing is None:
        return None
    if thing.__class__.__name__ == "Practice":
        return thing
    practice_id = getattr(thing, "practice_id", None)
    return getattr(thing, "practice", None) if practice_id else None
