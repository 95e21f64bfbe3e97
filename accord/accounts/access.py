"""Access helpers: the only place that decides who may see or change what.

Every view calls one of these first. Each returns the object or raises ``Http404`` for anyone outside the
care team or practice (so a stranger cannot even learn that the object exists), ``PermissionDenied`` (403)
for someone who may read but not write, and records the read or the denial in the audit trail.
"""

from __future__ import annotations

from functools import wraps
from typing import TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Manager, Model, QuerySet
from django.http import Http404, HttpRequest

from accord.accounts.actors import AuthedHttpRequest
from accord.accounts.models import ApiToken, Client, Practice, Role, User
from accord.audit.models import Action
from accord.audit.recording import record

M = TypeVar("M", bound=Model)


def not_found(request: HttpRequest, *, what: str, object_id) -> Http404:
    """The one audited not-found: records the denial and returns the 404 for the caller to raise. The answer
    reads the same whether the object exists (for someone else) or not at all."""
    record(Action.ACCESS_DENIED, request=request, detail={"what": what, "id": str(object_id)})
    return Http404()


def nothing_to_show() -> Http404:
    """A 404 that denies nobody anything (a chart with no points yet, an unknown calendar-feed secret): the
    same for everyone, so nothing is audited. Anything that belongs to a client uses ``not_found``."""
    return Http404()


def get_under_client(
    request: HttpRequest,
    model: type[M] | Manager[M] | QuerySet[M],
    pk,
    *,
    client: Client,
    via: str = "client",
    what: str = "",
) -> M:
    """The object ``pk`` of ``model`` (a model, or a manager or queryset to narrow it further), looked up only
    among ``client``'s: ``via`` is the path from the object to its client (``"goal__client"`` for a step).

    ``client`` must come from ``get_client_for`` / ``get_own_client`` (or a helper built on them), which
    decided that the caller may see this client; anything else is ``not_found`` (audited)."""
    rows = model._default_manager.all() if isinstance(model, type) else model.all()
    found = rows.filter(pk=pk, **{via: client}).first()
    if found is None:
        raise not_found(request, what=what or str(rows.model._meta.verbose_name), object_id=pk)
    if via == "client":
        found.client = client  # type: ignore[attr-defined]  # every model looked up via client has one
    return found


def get_client_for(request: AuthedHttpRequest, client_id: int, *, write: bool = False) -> Client:
    """The client record, if ``request.user`` is on its care team or is that client."""
    user = request.user
    # One row at most, so no ORDER BY (``first()`` would order by name: Django hashes every selected column
    # to compile one, a good part of this helper's time). With its data version: the page cache's key
    # (accord/pagecache.py), without a query of its own.
    rows = (
        Client.objects.visible_to(user)
        .select_related("practice", "user", "data_version")
        .filter(pk=client_id)
        .order_by()
    )
    client = next(iter(rows[:1]), None)
    if client is None:
        raise not_found(request, what="client", object_id=client_id)
    return admit_client(request, client, write=write)


def admit_client(request: AuthedHttpRequest, client: Client, *, write: bool = False) -> Client:
    """``client``, already found through ``Client.objects.visible_to(request.user)`` (with its practice and
    user), let in as ``get_client_for`` does: a write only by a therapist or the client, and the read or
    write recorded."""
    if write and not (request.user.is_therapist or client.user_id == request.user.pk):
        raise PermissionDenied
    record(Action.CLIENT_VIEWED if not write else Action.DATA_WRITTEN, request=request, obj=client)
    return client


def require_therapist(request: AuthedHttpRequest, *, what: str, object_id) -> None:
    """Therapist-only records and operations (formulation, reviews, statuses set by hand, alerts): to anyone
    else they do not exist, an audited 404 rather than a 403 that would only say "not you"."""
    if not getattr(request.user, "is_therapist", False):
        raise not_found(request, what=what, object_id=object_id)


def get_client_for_therapist(request: AuthedHttpRequest, client_id: int, *, write: bool = False) -> Client:
    """A client whose care team the caller is on, as a therapist. Clients (even this one) get 404, so
    therapist-only records such as the formulation are not even known to exist."""
    require_therapist(request, what="therapist-only client record", object_id=client_id)
    return get_client_for(request, client_id, write=write)


def get_own_client(request: AuthedHttpRequest) -> Client:
    """The signed-in client's own record (a client only ever has one)."""
    client = next(
        iter(
            Client.objects.visible_to(request.user).select_related("practice", "data_version").order_by()[:1]
        ),
        None,
    )
    if client is None:
        raise not_found(request, what="own client record", object_id="-")
    return client


def get_practice_client_for_admin(request: AuthedHttpRequest, client_id: int) -> Client:
    """A client of the admin's own practice, for the admin pages (names and care teams only)."""
    client = Client.objects.in_practice_of(request.user).filter(pk=client_id).first()
    if client is None:
        raise not_found(request, what="practice client", object_id=client_id)
    return client


def get_practice_member_for_admin(request: AuthedHttpRequest, user_id: int) -> User:
    user = request.user
    if user.practice_id is None or not user.is_practice_admin:
        raise not_found(request, what="practice member", object_id=user_id)
    member = User.objects.filter(pk=user_id, practice_id=user.practice_id).first()
    if member is None:
        raise not_found(request, what="practice member", object_id=user_id)
    return member


def own_practice(request: AuthedHttpRequest) -> Practice:
    """The signed-in member's practice, for an admin's pages about it (a member without one is refused)."""
    practice = request.user.practice
    if practice is None:
        raise not_found(request, what="practice", object_id="-")
    return practice


def get_own_api_token(request: AuthedHttpRequest, token_id: int) -> ApiToken:
    """One of the signed-in person's own API tokens that is still in force; anyone else's is not found."""
    token = ApiToken.objects.filter(pk=token_id, user_id=request.user.pk, revoked_at__isnull=True).first()
    if token is None:
        raise not_found(request, what="API token", object_id=token_id)
    return token


def role_required(*roles: str):
    """Let only signed-in users with one of ``roles`` in; others get 404 (pages they may not know of)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role not in roles or user.practice_id is None:
                raise not_found(request, what=f"page for {'/'.join(roles)}", object_id=request.path)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


therapist_required = role_required(Role.THERAPIST)
admin_required = role_required(Role.ADMIN)
client_required = role_required(Role.CLIENT)
staff_required = role_required(Role.ADMIN, Role.THERAPIST)
# The two parties of a client's work: the therapist and the client (each object is then checked by a helper).
party_required = role_required(Role.THERAPIST, Role.CLIENT)
