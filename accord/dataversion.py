"""Each client's data version: a token that changes whenever anything shown about the client changes.

The rendered-page cache (``accord.pagecache``) keys a client's pages on this token, so a page is served from
the cache only while nothing it shows has changed. Getting this wrong would show a therapist a stale clinical
page, so the rule is simple and checked:

- Every model of Accord's apps is either *tracked* (``track``: saving or deleting a row changes its client's
  token) or declared *not client data* (``not_client_data``, with the reason). The mapping for every model
  lives in ``accord.home.tracking``; tests/home/test_data_version.py fails on a model in neither list.
- Writes that bypass model signals (``QuerySet.update``, ``bulk_create``) call ``bump`` themselves; the same
  test module lists each such write and checks it.
- Changes outside one client (a practice's settings or instruments, a person's name or language) change the
  token of every client they show on (``bump_clients``).

The token is a fresh random value each time, never a counter: no reset, restore or stale save can make an
old cached page current again. Inside an action (``accord.deferred.action``) a client's token changes once,
at the end, however many rows the action wrote. A client without a token row is never cached.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from functools import partial

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q
from django.db.models.signals import post_delete, post_save

from accord import deferred
from accord.accounts.models import Client, ClientDataVersion

# How each tracked model's row leads to its client id: a dotted path of attributes ("goal.client_id").
_TRACKED: dict[type[Model], str] = {}
# Models that hold nothing a client's pages show, with the reason (read by the guard test).
_NOT_CLIENT_DATA: dict[type[Model], str] = {}


def new_token() -> str:
    return uuid.uuid4().hex


def token_of(client: Client) -> str | None:
    """The client's current token, or None (then nothing about the client is cached). The access helpers
    load it with the client (``select_related("data_version")``), so this is usually no query."""
    try:
        return client.data_version.token
    except ClientDataVersion.DoesNotExist:
        return None


def bump(client_id: int | None) -> None:
    """The client's data changed: a new token, once at the end of the running action (or now)."""
    if client_id is not None:
        deferred.once_at_end(("data version", client_id), partial(_store_new_token, client_id))


def bump_many(client_ids: Iterable[int]) -> None:
    for client_id in set(client_ids):
        bump(client_id)


def bump_clients(clients: Q) -> int:
    """A change that shows on many clients' pages (a practice setting, a therapist's name): every client
    matching ``clients`` (a ``Client`` filter) gets a new token now, in one UPDATE."""
    chosen = Client.objects.filter(clients).values("pk")
    return ClientDataVersion.objects.filter(client_id__in=chosen).update(token=new_token())


def _store_new_token(client_id: int) -> None:
    # Only ever an UPDATE: the row is made with the client (``_first_token``), and a client whose rows are
    # being deleted (erasure) must not get a new one.
    ClientDataVersion.objects.filter(client_id=client_id).update(token=new_token())


def _first_token(sender, instance: Client, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        ClientDataVersion.objects.create(client=instance, token=new_token())


def give_new_clients_a_token() -> None:
    """Each client made from now on gets a token; those made before got one from the migration. A client
    made by a bulk insert (which sends no signal) has none, and is simply never cached."""
    post_save.connect(_first_token, sender=Client, dispatch_uid="dataversion.first_token")


# --- which rows belong to which client ------------------------------------------------------------------


def track(model: type[Model], to_client: str) -> None:
    """Saving or deleting a ``model`` row changes the token of the client ``to_client`` leads to."""
    _TRACKED[model] = to_client
    receiver = partial(_on_row_changed, to_client=to_client)
    uid = f"dataversion.{model._meta.label}"
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)


def track_with(model: type[Model], on_change: Callable[..., None]) -> None:
    """Like ``track`` for a model whose rows show on many clients' pages: ``on_change(instance, **signal)``
    decides which (with ``bump_clients``)."""
    _TRACKED[model] = on_change.__name__
    uid = f"dataversion.{model._meta.label}"
    post_save.connect(on_change, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=uid)


def not_client_data(model: type[Model], why: str) -> None:
    _NOT_CLIENT_DATA[model] = why


def tracked_models() -> dict[type[Model], str]:
    return dict(_TRACKED)


def untracked_models() -> dict[type[Model], str]:
    return dict(_NOT_CLIENT_DATA)


def client_id_of(instance: Model, to_client: str) -> int | None:
    """Follow ``to_client`` from ``instance``; None when a row on the way is gone (deleted in the same
    cascade, whose own row changes the token) or the link is empty."""
    value: object = instance
    try:
        for name in to_client.split("."):
            value = getattr(value, name)
            if value is None:
                return None
    except ObjectDoesNotExist:
        return None
    return value if isinstance(value, int) else None


def _on_row_changed(sender, instance: Model, *, to_client: str, raw: bool = False, **kwargs) -> None:
    if raw:  # loading fixtures
        return
    bump(client_id_of(instance, to_client))
