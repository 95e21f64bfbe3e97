"""The client's own home: a warm, calm start page that later capabilities fill with goals and check-ins."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accord.accounts.access import client_required, get_own_client
from accord.accounts.actors import AuthedHttpRequest
from accord.assessments.views import client_home_context
from accord.checkins.views import client_home_checkin_context
from accord.dialogue.views import dialogue_section
from accord.goals.pages import client_goals_context


@require_GET
@client_required
def client_home(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    context = {
        "client": client,
        "practice": client.practice,
        "primary_therapist": client.primary_therapist(),
        **client_home_context(client),
        **client_home_checkin_context(client),
        **dialogue_section(request, client),
        **client_goals_context(client, request.user),
    }
    return render(request, "accord/client/home.html", context)
