"""Fetching a session for a request: only among the sessions of a client the caller may see."""

from __future__ import annotations

from django.http import HttpRequest

from accord.accounts.access import get_under_client
from accord.accounts.models import Client
from accord.appointments.models import Session


def get_session_of(request: HttpRequest, client: Client, session_id: int) -> Session:
    """Session ``session_id`` of ``client`` (from ``get_client_for_therapist``); else an audited 404."""
    return get_under_client(request, Session, session_id, client=client, what="session")
