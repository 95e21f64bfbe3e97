"""The front door: send each person to their own home."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from accord.accounts.models import Role
from accord.health import health_response


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    role_homes = {Role.ADMIN: "practice_home", Role.THERAPIST: "therapist_home", Role.CLIENT: "client_home"}
    target = role_homes.get(request.user.role) if request.user.practice_id else None
    return redirect(target or "account_page")


@require_GET
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and `accord serve` smoke checks: no data, no session. Normally answered earlier,
    by accord.health's middleware (before host checks); this is the same answer should a request get here."""
    return health_response()
