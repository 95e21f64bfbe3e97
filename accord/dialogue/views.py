"""The dialogue pages, shared by a client and the therapists on their care team: messages, the agenda for
next session and goal ideas.

Both sides use the same URLs (``/clients/<id>/…``); ``get_client_for`` lets in exactly the client
themself and their care team and answers 404 to everyone else. Viewing a thread marks it read; a therapist
viewing the agenda marks its items seen, which is what the client's "Seen by …" shows.
"""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.access import (
    client_required,
    get_client_for,
    get_own_client,
    party_required,
)
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.models import Client
from accord.dialogue import actions
from accord.dialogue.access import get_agenda_item_of, get_idea_of, get_message_in, get_thread_of
from accord.dialogue.forms import AgendaItemForm, EditMessageForm, GoalIdeaForm, GoalThreadForm, MessageForm
from accord.dialogue.models import AgendaItem, GoalIdea, Message, ReadMarker, Thread, readers_of, unread_count

MESSAGES_PER_PAGE = 50
DISCUSSED_SHOWN = 20
AGENDA_ON_SUMMARY = 8


def render_in_time_zone(request: AuthedHttpRequest, template: str, context: dict) -> HttpResponse:
    """Times on these pages read in the viewer's own time zone."""
    with timezone.override(zoneinfo.ZoneInfo(request.user.time_zone)):
        return render(request, template, context)


def _base_context(request: AuthedHttpRequest, client: Client, tab: str) -> dict:
    return {
        "client": client,
        "tab": tab,
        "is_client": client.user_id == request.user.pk,
        "unread_total": unread_count(client, request.user),
    }


def _safe_next(request: AuthedHttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


# --- Messages ---------------------------------------------------------------------------------------------


@require_GET
@party_required
def conversation(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id)
    actions.general_thread(client, actor_of(request))
    threads = Thread.objects.filter(client=client).for_listing().with_unread_for(request.user)
    context = {
        **_base_context(request, client, "messages"),
        "threads": threads,
        "goal_form": GoalThreadForm(client=client),
    }
    return render_in_time_zone(request, "dialogue/conversation.html", context)


@require_POST
@party_required
def start_goal_thread(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=True)
    form = GoalThreadForm(request.POST, client=client)
    if not form.is_valid():
        messages.error(request, _("Choose one of the goals in the list."))
        return redirect("dialogue_conversation", client_id=client.pk)
    thread = actions.goal_thread(client, form.cleaned_data["goal"], actor_of(request))
    return redirect("dialogue_thread", client_id=client.pk, thread_id=thread.pk)


def _message_page(thread: Thread, before: int | None) -> tuple[list[Message], bool]:
    """The latest messages (or those before ``before``), oldest first, and whether earlier ones exist."""
    found = thread.messages.select_related("author").prefetch_related("revisions").order_by("-id")
    if before:
        found = found.filter(id__lt=before)
    page = list(found[: MESSAGES_PER_PAGE + 1])
    return page[:MESSAGES_PER_PAGE][::-1], len(page) > MESSAGES_PER_PAGE


def _annotate_read_state(page: list[Message], markers: list[ReadMarker], viewer) -> None:
    """For each message: who else has read it, and whether it is new to the viewer."""
    viewer_read_up_to = next((m.last_read_message_id for m in markers if m.user_id == viewer.pk), 0)
    for message in page:  # display attributes for the template, unknown to the model's type
        mine = message.author_id == viewer.pk
        message.is_mine = mine  # type: ignore[attr-defined]
        message.is_new = not mine and message.pk > viewer_read_up_to  # type: ignore[attr-defined]
        message.read_by = [r for r in readers_of(message, markers) if r.pk != viewer.pk]  # type: ignore[attr-defined]


def _before_param(request: AuthedHttpRequest) -> int | None:
    value = request.GET.get("before", "")
    return int(value) if value.isdigit() else None


def _thread_page(
    request: AuthedHttpRequest, client: Client, thread: Thread, form: MessageForm
) -> HttpResponse:
    before = _before_param(request)
    page, has_earlier = _message_page(thread, before)
    markers = list(ReadMarker.objects.filter(thread=thread).select_related("user"))
    _annotate_read_state(page, markers, request.user)
    if page:
        actions.mark_read(thread, actor_of(request), up_to_id=page[-1].pk)
    context = {
        **_base_context(request, client, "messages"),
        "thread": thread,
        "page": page,
        "has_earlier": has_earlier,
        "earlier_before": page[0].pk if page else None,
        "showing_earlier": before is not None,
        "first_new_id": next((message.pk for message in page if getattr(message, "is_new", False)), None),
        "form": form,
    }
    return render_in_time_zone(request, "dialogue/thread.html", context)


@require_http_methods(["GET", "POST"])
@party_required
def thread_page(request: AuthedHttpRequest, client_id: int, thread_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=request.method == "POST")
    thread = get_thread_of(request, client, thread_id)
    form = MessageForm(request.POST or None, for_client=client.user_id == request.user.pk)
    if request.method == "POST" and form.is_valid():
        message = actions.post_message(
            thread,
            actor_of(request),
            body=form.cleaned_data["body"],
            submission_key=form.cleaned_data["submission_key"],
        )
        url = reverse("dialogue_thread", args=[client.pk, thread.pk])
        return redirect(f"{url}#message-{message.pk}")
    return _thread_page(request, client, thread, form)


@require_http_methods(["GET", "POST"])
@party_required
def edit_message(request: AuthedHttpRequest, client_id: int, thread_id: int, message_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=request.method == "POST")
    thread = get_thread_of(request, client, thread_id)
    message = get_message_in(request, thread, message_id)
    # Both parties may read a message's history here; only its author may change the words.
    is_author = message.author_id == request.user.pk
    if request.method == "POST" and not is_author:
        raise PermissionDenied
    form = EditMessageForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        actions.edit_message(message, actor_of(request), body=form.cleaned_data["body"])
        url = reverse("dialogue_thread", args=[client.pk, thread.pk])
        return redirect(f"{url}#message-{message.pk}")
    context = {
        **_base_context(request, client, "messages"),
        "thread": thread,
        "message": message,
        "form": form if is_author else None,
    }
    return render_in_time_zone(request, "dialogue/message_edit.html", context)


# --- The agenda -------------------------------------------------------------------------------------------


def _agenda_page(request: AuthedHttpRequest, client: Client, form: AgendaItemForm) -> HttpResponse:
    actions.note_agenda_seen(client, actor_of(request))
    items = AgendaItem.objects.filter(client=client).with_people()
    context = {
        **_base_context(request, client, "agenda"),
        "open_items": items.still_open().in_agenda_order(),
        "discussed_items": items.discussed().order_by("-discussed_at", "-pk")[:DISCUSSED_SHOWN],
        "form": form,
    }
    return render_in_time_zone(request, "dialogue/agenda.html", context)


@require_http_methods(["GET", "POST"])
@party_required
def agenda(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=request.method == "POST")
    form = AgendaItemForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.add_agenda_item(
            client,
            actor_of(request),
            text=data["text"],
            priority=data["priority"],
            goal=data["goal"],
            submission_key=data["submission_key"],
        )
        messages.success(request, _("Added. It stays on the list until one of you marks it discussed."))
        return redirect("dialogue_agenda", client_id=client.pk)
    return _agenda_page(request, client, form)


@require_POST
@party_required
def mark_discussed(request: AuthedHttpRequest, client_id: int, item_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=True)
    item = get_agenda_item_of(request, client, item_id)
    actions.mark_discussed(item, actor_of(request))
    messages.success(request, _("Marked as discussed."))
    return redirect(_safe_next(request, reverse("dialogue_agenda", args=[client.pk])))


# --- Goal ideas -------------------------------------------------------------------------------------------


def _ideas_page(request: AuthedHttpRequest, client: Client, form: GoalIdeaForm) -> HttpResponse:
    ideas = GoalIdea.objects.filter(client=client).select_related(
        "added_by", "used_by", "goal__current_version"
    )
    context = {**_base_context(request, client, "ideas"), "ideas": ideas, "form": form}
    return render_in_time_zone(request, "dialogue/ideas.html", context)


@require_http_methods(["GET", "POST"])
@party_required
def goal_ideas(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=request.method == "POST")
    form = GoalIdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.add_goal_idea(
            client,
            actor_of(request),
            text=form.cleaned_data["text"],
            submission_key=form.cleaned_data["submission_key"],
        )
        messages.success(request, _("Your idea is noted. You can turn it into a goal whenever you're ready."))
        return redirect("dialogue_ideas", client_id=client.pk)
    return _ideas_page(request, client, form)


def goal_page_url(goal, client: Client, user) -> str:
    """The goal's own page if the goals pages offer one, otherwise the client's page or home."""
    try:
        return reverse("goal_page", args=[goal.pk])
    except NoReverseMatch:
        return (
            reverse("client_home") if client.user_id == user.pk else reverse("client_page", args=[client.pk])
        )


@require_POST
@party_required
def idea_to_goal(request: AuthedHttpRequest, client_id: int, idea_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=True)
    idea = get_idea_of(request, client, idea_id)
    try:
        goal = actions.turn_idea_into_goal(idea, actor_of(request))
    except actions.DialogueError as error:
        messages.info(request, error.message)
        return redirect("dialogue_ideas", client_id=client.pk)
    messages.success(
        request, _("Your idea is now a proposed goal, in the same words. Shape it together here.")
    )
    return redirect(goal_page_url(goal, client, request.user))


# --- The client's shortcuts (one tap from the bottom bar) -------------------------------------------------


@require_GET
@client_required
def my_agenda(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    return redirect(f"{reverse('dialogue_agenda', args=[client.pk])}#add")


@require_GET
@client_required
def my_messages(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    return redirect("dialogue_conversation", client_id=client.pk)


# --- Sections on the client page and the client's home ----------------------------------------------------
