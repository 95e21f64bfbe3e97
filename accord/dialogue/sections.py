"""The read side of the dialogue that other apps' pages show (accord.home composes it)."""

from __future__ import annotations

from django.db.models import OuterRef
from django.http import HttpRequest

from accord.accounts.actors import actor_of
from accord.accounts.models import Client
from accord.accounts.sections import count_per_client
from accord.dialogue import actions
from accord.dialogue.models import AgendaItem, GoalIdea, unread_count

# Agenda items shown in the section; the rest are one link away.
AGENDA_ON_SUMMARY = 8


def client_page_facts() -> dict:
    """Annotations for the client page's one query of facts about the client (``accord.home``)."""
    return {
        "ideas_waiting": count_per_client(
            GoalIdea.objects.filter(client=OuterRef("pk"), used_at__isnull=True)
        )
    }


def dialogue_section(request: HttpRequest, client: Client) -> dict:
    """Context for ``dialogue/_section.html`` on the therapist's client page and the client's home.

    A therapist looking at the client page has the agenda in front of them, so its items count as seen."""
    agenda = AgendaItem.objects.filter(client=client).still_open().with_people().in_agenda_order()
    agenda_items = list(agenda)
    if any(item.seen_at is None for item in agenda_items) and actions.note_agenda_seen(
        client, actor_of(request)
    ):
        agenda_items = list(agenda.all())  # stamped just now: show "You saw it on …"
    return {
        "dialogue": {
            "client": client,
            "is_client": client.user_id == request.user.pk,
            "unread": unread_count(client, request.user),
            "agenda_items": agenda_items[:AGENDA_ON_SUMMARY],
            "agenda_more": max(len(agenda_items) - AGENDA_ON_SUMMARY, 0),
            "ideas_waiting": client.ideas_waiting
            if hasattr(client, "ideas_waiting")  # annotated by the page (``client_page_facts``)
            else GoalIdea.objects.filter(client=client, used_at__isnull=True).count(),
        }
    }


def new_messages_for(client: Client, user) -> int:
    """For the client's home: messages in the client's threads ``user`` has not read yet (one query)."""
    return unread_count(client, user)
