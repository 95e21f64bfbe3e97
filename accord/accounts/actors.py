"""Who is acting: a typed request whose ``user`` is signed in, and the ``Actor`` value actions receive.

Views and API operations behind a sign-in (``role_required``, ``client_required``, the API's auth) take an
``AuthedHttpRequest``; they hand actions ``actor_of(request)`` rather than the request or ``request.user``.
An ``Actor`` carries the person and what the audit trail and emails need from the request (the caller's
address, the site's address for links), so actions never read the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest

from accord.accounts.models import Client, User
from accord.links import absolute_url, site_url_for

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails


class AuthedHttpRequest(HttpRequest):
    """A request from a signed-in person (the sign-in decorators and the API's auth have checked)."""

    user: User
    htmx: HtmxDetails


@dataclass(frozen=True)
class Actor:
    """The signed-in person an action is done by, with what actions need to know about the request."""

    user: User
    ip_address: str | None = None
    # "https://accord.example.org" (ACCORD_SITE_URL when set, else the request's own), for absolute links in
    # emails; empty outside a request (the demo, tasks, tests).
    site_url: str = ""

    @classmethod
    def of(cls, who: ActorLike) -> Actor:
        """An ``Actor`` for actions called outside a request (the demo, tests, commands) with a ``User``."""
        return who if isinstance(who, Actor) else cls(user=who)

    @property
    def pk(self) -> int:
        return self.user.pk

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def practice_id(self) -> int | None:
        return self.user.practice_id

    @property
    def is_therapist(self) -> bool:
        return self.user.is_therapist

    @property
    def is_client(self) -> bool:
        return self.user.is_client

    def own_client(self) -> Client | None:
        """A client's own record (None for staff)."""
        if not self.is_client:
            return None
        return Client.objects.filter(user=self.user, is_active=True).first()

    def absolute(self, path: str) -> str:
        """``path`` as a full address: from the request's site, else from ``ACCORD_SITE_URL`` (as the
        worker's emails are)."""
        return f"{self.site_url}{path}" if self.site_url else absolute_url(path)


# What actions accept: an Actor from a view, or a bare User from the demo, commands and tests.
ActorLike = Actor | User


def actor_of(request: HttpRequest) -> Actor:
    """The signed-in person behind ``request``, for actions."""
    user = request.user
    if not isinstance(user, User):
        raise TypeError("actor_of() needs a signed-in request; guard the view with a sign-in decorator.")
    return Actor(
        user=user,
        ip_address=request.META.get("REMOTE_ADDR") or None,
        site_url=site_url_for(request),
    )
