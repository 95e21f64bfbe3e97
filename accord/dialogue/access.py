"""Access to the dialogue's records, built on ``accord.accounts.access``.

Every lookup starts from a client the caller may see (``get_client_for``, which 404s and audits outsiders);
threads, messages, agenda items and ideas are then looked up only among that client's, and any other id is
an audited 404 (``get_under_client``).
"""

from __future__ import annotations

from django.http import HttpRequest

from accord.accounts.access import get_under_client
from accord.accounts.models import Client
from accord.dialogue.models import AgendaItem, GoalIdea, Message, Thread


def get_thread_of(request: HttpRequest, client: Client, thread_id: int) -> Thread:
    threads = Thread.objects.select_related("goal__current_version")
    return get_under_client(request, threads, thread_id, client=client, what="thread")


def get_message_in(request: HttpRequest, thread: Thread, message_id: int) -> Message:
    """A message of ``thread`` (from ``get_thread_of``), with its author and revisions."""
    messages = thread.messages.select_related("author").prefetch_related("revisions")
    message = get_under_client(
        request, messages, message_id, client=thread.client, via="thread__client", what="message"
    )
    message.thread = thread
    return message


def get_message_of(request: HttpRequest, client: Client, message_id: int) -> Message:
    """A message in any of ``client``'s threads (the API's route names the message only)."""
    messages = Message.objects.select_related("thread")
    message = get_under_client(
        request, messages, message_id, client=client, via="thread__client", what="message"
    )
    message.thread.client = client
    return message


def get_agenda_item_of(request: HttpRequest, client: Client, item_id: int) -> AgendaItem:
    return get_under_client(request, AgendaItem, item_id, client=client, what="agenda item")


def get_idea_of(request: HttpRequest, client: Client, idea_id: int) -> GoalIdea:
    return get_under_client(request, GoalIdea, idea_id, client=client, what="goal idea")
