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
    """Append one event. ``actor`` defaults to the request's signed-in user; an ``Actor`` (what actions
    receive) brings the caller's address with it. ``practice`` defaults to the client's or the actor's
    practice, so events can always be filtered by practice."""
    ip_address = client_ip(request)
    if hasattr(actor, "ip_address") and hasattr(actor, "user"):  # an accord.accounts.actors.Actor
        ip_address = ip_address or actor.ip_address
        actor = actor.user
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
        ip_address=ip_address,
        detail=detail or {},
    )
    if _must_outlive_the_request_transaction(action, request):
        getattr(request, DEFERRED_EVENTS_ATTR).append(event)
    else:
        event.save()
    return event


# A denial raises Http404, and ATOMIC_REQUESTS then rolls back everything the view wrote — the denial's
# own audit event included. Such events are kept on the request and written by DeferredAuditMiddleware
# once the view's transaction is over.
SURVIVE_ROLLBACK = {"access.denied"}
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
