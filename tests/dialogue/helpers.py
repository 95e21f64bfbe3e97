"""Small helpers shared by the dialogue tests."""

from __future__ import annotations

from django.urls import reverse

from accord.dialogue import actions


def thread_url(thread) -> str:
    return reverse("dialogue_thread", args=[thread.client_id, thread.pk])


def say(thread, user, body: str):
    """A message written straight through the action (no request, so no email)."""
    return actions.post_message(thread, user, body=body)
