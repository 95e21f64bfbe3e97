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
    kind: str = "",
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
    # Denials already name what was asked for (detail.what/id); reads and writes add the record's ids.
    record_ids = {} if str(action).startswith("access.") else _record_ids_in_path(request)
    if record_ids:
        detail = {**(detail or {}), "record_ids": record_ids}
    event = AuditEvent(
        action=str(action),
        actor=actor,
        actor_label=getattr(actor, "email", "") or "",
        object_type=obj._meta.label_lower if obj is not None and hasattr(obj, "_meta") else "",
        object_id=str(obj.pk) if obj is not None and getattr(obj, "pk", None) is not None else "",
        record_kind=kind or _kind_of(obj, request),
        client=client,
        practice=practice,
        ip_address=ip_address,
        detail=detail or {},
    )
    _append(event, request)
    if str(action) == ACCESS_DENIED:
        outside = _denial_for_the_target(event)
        if outside is not None:
            _append(outside, request)
    return event


LIST_READ_MAX_IDS = 500


def record_list_read(request: HttpRequest, client_ids, *, kind: str) -> AuditEvent | None:
    """A list that shows several clients' data: one event naming which clients' data left (ids only)."""
    ids = sorted({int(pk) for pk in client_ids})
    if not ids:
        return None
    return record(
        "data.read",
        request=request,
        kind=kind,
        detail={"clients": ids[:LIST_READ_MAX_IDS], "count": len(ids), "path": request.path},
    )


def page_of(request: HttpRequest, default_limit: int = 50, max_limit: int = 200) -> slice:
    """The slice an API list answers with (its ``limit`` and ``offset``; bad values are refused earlier)."""
    try:
        limit = min(max(int(request.GET.get("limit", default_limit)), 1), max_limit)
        offset = max(int(request.GET.get("offset", 0)), 0)
    except ValueError:
        limit, offset = default_limit, 0
    return slice(offset, offset + limit)


def _record_ids_in_path(request: HttpRequest | None) -> dict[str, str]:
    """The ids a page or API operation was asked for (``goal_id``, ``thread_id`` …), beyond the object the
    event names: reading one goal's messages names the thread as well as the client."""
    match = getattr(request, "resolver_match", None)
    kwargs = getattr(match, "kwargs", None) or {}
    return {
        name: str(value)
        for name, value in sorted(kwargs.items())
        if name.endswith("_id") and name != "client_id"
    }


def _kind_of(obj: Any, request: HttpRequest | None) -> str:
    """The object's own kind, unless it is the client record opened for a page or operation about one part
    of it (the formulation, the messages …): then the URL's kind says what was read."""
    from accord.audit.vocabulary import kind_for_object, kind_for_request

    own = kind_for_object(obj) if obj is not None else ""
    if own and own != "client record":
        return own
    return kind_for_request(request) or own


def _append(event: AuditEvent, request: HttpRequest | None) -> None:
    pending = getattr(request, DEFERRED_EVENTS_ATTR, None)
    if event.action in OUTCOME_DECIDES and pending is not None:
        # Written once the answer is known: a refused change (4xx) is an attempt, not a write.
        pending.append(event)
    elif _must_outlive_the_request_transaction(event.action, request):
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


# Events whose action depends on the answer: "data written" becomes "change refused" on a 4xx or 5xx.
OUTCOME_DECIDES = {"data.written"}


def write_deferred_events(request: HttpRequest, status: int | None = None) -> None:
    events = getattr(request, DEFERRED_EVENTS_ATTR, None) or []
    setattr(request, DEFERRED_EVENTS_ATTR, None)
    for event in events:
        if event.action in OUTCOME_DECIDES and (status is None or status >= 400):
            event.action = "data.write_refused"
            event.detail = {**event.detail, "status": status}
        event.save()


def _practice_of(thing: Any):
    if thing is None:
        return None
    if thing.__class__.__name__ == "Practice":
        return thing
    practice_id = getattr(thing, "practice_id", None)
    if not practice_id:
        return None
    # The practice itself when it is already loaded; else a reference by id (no query for an audit row).
    cached = getattr(getattr(thing, "_state", None), "fields_cache", {}).get("practice")
    if cached is not None:
        return cached
    # The model behind the foreign key: audit sits below accounts and does not import it.
    practice_model = AuditEvent._meta.get_field("practice").related_model
    return practice_model(pk=practice_id)  # type: ignore[misc]
