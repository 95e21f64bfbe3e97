"""The one sanctioned change to the append-only audit trail: scrubbing an erased client's personal data.

GDPR Art. 17 erasure (``accord.records.actions.erase_client``) keeps every audit event that concerned the
client, but only as a stub: the action, the time, the staff actor and the client's id. What goes:

- the foreign key to the client row (the row itself is deleted; the id moves to ``detail.erased_client``);
- ``detail`` (structured facts, but it may carry names, e-mail addresses or free text in older events);
- when the client was the actor: the link to their user account, the e-mail in ``actor_label`` and the IP
  address (the client's own; staff actors' addresses are kept, they are the staff member's data).

Nothing else may update the trail: ``AuditEventQuerySet`` still refuses updates and deletes. This module
goes round it on purpose, with the plain ``QuerySet``, and only for these columns.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from accord.audit.models import AuditEvent


def _events() -> models.QuerySet[AuditEvent]:
    return models.QuerySet(model=AuditEvent)


def erased_actor_label(client_id: int) -> str:
    return f"erased client #{client_id}"


def scrub_for_erasure(*, client_id: int, practice_id: int, user_id: int | None, name: str, email: str) -> int:
    """Reduce every event about the client (or by the client's account) to a stub. Returns how many."""
    about = Q(client_id=client_id)
    by_client = Q(actor_id=user_id) if user_id is not None else Q(pk__in=[])
    mentions = Q()
    for needle in {name, email} - {""}:
        mentions |= Q(detail__icontains=needle) | Q(actor_label__iexact=needle)
    changed = 0
    changed += _events().filter(about & ~by_client).update(client=None, detail={"erased_client": client_id})
    changed += (
        _events()
        .filter(by_client)
        .update(
            client=None,
            actor=None,
            actor_label=erased_actor_label(client_id),
            ip_address=None,
            detail={"erased_client": client_id},
        )
    )
    if mentions:
        # Any other event whose detail named the client (an invitation sent to their address …).
        changed += (
            _events()
            .filter(practice_id=practice_id)
            .filter(mentions)
            .update(detail={"erased_client": client_id})
        )
    return changed
