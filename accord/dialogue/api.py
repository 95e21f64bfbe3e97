"""The dialogue API: threads, messages and read markers, the agenda and goal ideas of one client.

Every operation starts with ``get_client_for``: the client themself and their care team get in, anyone else
gets 404. Input runs through the same Django forms as the pages, so a value the page refuses is refused here
with the same message, under the field's API name.
"""

# No `from __future__ import annotations` here: ninja reads the parameter annotations of paginated
# operations at run time, outside this module's namespace.
from typing import Literal

from django.db.models import F, QuerySet
from django.forms import Form
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from accord.accounts.access import get_client_for
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.api.errors import ErrorOut, error_body, form_errors, invalid
from accord.api.pagination import Pagination
from accord.dialogue import actions
from accord.dialogue.access import get_agenda_item_of, get_idea_of, get_message_of, get_thread_of
from accord.dialogue.forms import AgendaItemForm, EditMessageForm, GoalIdeaForm, GoalThreadForm, MessageForm
from accord.dialogue.models import AgendaItem, GoalIdea, Message, Thread
from accord.dialogue.schemas import (
    AgendaItemIn,
    AgendaItemOut,
    GoalFromIdeaOut,
    GoalIdeaIn,
    GoalIdeaOut,
    GoalThreadIn,
    MessageEditIn,
    MessageIn,
    MessageOut,
    ReadIn,
    ReadMarkerOut,
    ThreadOut,
)

router = Router(tags=["dialogue"])

READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 422: ErrorOut}
# A submission key already used by the same person for another thread or client: 409.
KEYED_WRITE_ERRORS = {**WRITE_ERRORS, 409: ErrorOut}
# Form field name → the name the API caller used.
API_FIELD_NAMES = {"goal": "goal_id"}


def _form_errors(form: Form) -> Status:
    return form_errors(form, API_FIELD_NAMES)


def _messages_of(thread: Thread) -> QuerySet[Message]:
    # Two extra queries for the whole page however long it is: earlier words, and the thread's markers.
    return thread.messages.select_related("author", "thread").prefetch_related(
        "revisions", "thread__read_markers__user"
    )


def _one_message(message_id: int, thread: Thread) -> Message:
    return _messages_of(thread).get(pk=message_id)


# --- Threads ----------------------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/threads",
    response={200: list[ThreadOut], **READ_ERRORS, 422: ErrorOut},
    summary="A client's conversation threads",
)
@paginate(Pagination)
def list_threads(request: AuthedHttpRequest, client_id: int):
    """The general thread first, then one thread per goal; each with the caller's unread count."""
    client = get_client_for(request, client_id)
    actions.general_thread(client, actor_of(request))
    return Thread.objects.filter(client=client).for_listing().with_unread_for(request.user)


@router.post(
    "/clients/{client_id}/threads",
    response={200: ThreadOut, 201: ThreadOut, **WRITE_ERRORS},
    summary="Open the thread about a goal",
)
def open_goal_thread(request: AuthedHttpRequest, client_id: int, payload: GoalThreadIn):
    """Answers 201 with a new thread, or 200 with the goal's existing thread (there is one per goal)."""
    client = get_client_for(request, client_id, write=True)
    form = GoalThreadForm({"goal": payload.goal_id}, client=client)
    if not form.is_valid():
        return _form_errors(form)
    existed = Thread.objects.filter(goal=form.cleaned_data["goal"]).exists()
    thread = actions.goal_thread(client, form.cleaned_data["goal"], actor_of(request))
    thread = Thread.objects.with_unread_for(request.user).get(pk=thread.pk)
    return Status(200 if existed else 201, thread)


# --- Messages ---------------------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/threads/{thread_id}/messages",
    response={200: list[MessageOut], **READ_ERRORS, 422: ErrorOut},
    summary="Messages in a thread, oldest first",
)
@paginate(Pagination)
def list_messages(request: AuthedHttpRequest, client_id: int, thread_id: int):
    """Reading through the API does not mark messages read; call the read-marker operation for that."""
    client = get_client_for(request, client_id)
    return _messages_of(get_thread_of(request, client, thread_id)).order_by("pk")


@router.post(
    "/clients/{client_id}/threads/{thread_id}/messages",
    response={201: MessageOut, **KEYED_WRITE_ERRORS},
    summary="Send a message",
)
def post_message(request: AuthedHttpRequest, client_id: int, thread_id: int, payload: MessageIn):
    """The other party gets an email with only a link (at most one an hour)."""
    client = get_client_for(request, client_id, write=True)
    thread = get_thread_of(request, client, thread_id)
    form = MessageForm(payload.dict())
    if not form.is_valid():
        return _form_errors(form)
    message = actions.post_message(
        thread,
        actor_of(request),
        body=form.cleaned_data["body"],
        submission_key=form.cleaned_data["submission_key"],
    )
    return Status(201, _one_message(message.pk, thread))


@router.patch(
    "/clients/{client_id}/messages/{message_id}",
    response={200: MessageOut, **WRITE_ERRORS},
    summary="Edit your own message",
)
def edit_message(request: AuthedHttpRequest, client_id: int, message_id: int, payload: MessageEditIn):
    """Only the author may edit (403 otherwise). The earlier words stay in ``revisions`` for both parties."""
    client = get_client_for(request, client_id, write=True)
    message = get_message_of(request, client, message_id)
    form = EditMessageForm(payload.dict())
    if not form.is_valid():
        return _form_errors(form)
    actions.edit_message(message, actor_of(request), body=form.cleaned_data["body"])
    return Status(200, _one_message(message.pk, message.thread))


@router.post(
    "/clients/{client_id}/threads/{thread_id}/read",
    response={200: ReadMarkerOut, **WRITE_ERRORS},
    summary="Mark a thread read",
)
def mark_read(request: AuthedHttpRequest, client_id: int, thread_id: int, payload: ReadIn):
    """Moves the caller's read marker forward (never back). The other party then sees "read by"."""
    client = get_client_for(request, client_id)
    thread = get_thread_of(request, client, thread_id)
    if payload.message_id is not None and not thread.messages.filter(pk=payload.message_id).exists():
        return invalid({"message_id": [_("This message is not in this thread.")]})
    marker = actions.mark_read(thread, actor_of(request), up_to_id=payload.message_id)
    thread_now = Thread.objects.with_unread_for(request.user).get(pk=thread.pk)
    unread = thread_now.unread  # type: ignore[attr-defined]  # annotated by with_unread_for
    return Status(
        200,
        {
            "thread_id": thread.pk,
            "last_read_message_id": marker.last_read_message_id,
            "read_at": marker.read_at,
            "unread_count": unread,
        },
    )


# --- The agenda -------------------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/agenda",
    response={200: list[AgendaItemOut], **READ_ERRORS, 422: ErrorOut},
    summary="What to talk about next time",
)
@paginate(Pagination)
def list_agenda(
    request: AuthedHttpRequest, client_id: int, status: Literal["open", "discussed", "all"] = "open"
):
    """Open items in agenda order (high priority first, then oldest first); discussed items newest first."""
    client = get_client_for(request, client_id)
    items = AgendaItem.objects.filter(client=client).with_people()
    if status == "open":
        return items.still_open().in_agenda_order()
    if status == "discussed":
        return items.discussed().order_by("-discussed_at", "-pk")
    # Open items first (no discussed date), then the rest from the most recently discussed.
    return items.in_agenda_order().order_by(
        F("discussed_at").desc(nulls_first=True), "priority_rank", "added_at", "pk"
    )


@router.post(
    "/clients/{client_id}/agenda",
    response={201: AgendaItemOut, **KEYED_WRITE_ERRORS},
    summary="Add to the agenda",
)
def add_agenda_item(request: AuthedHttpRequest, client_id: int, payload: AgendaItemIn):
    client = get_client_for(request, client_id, write=True)
    data = payload.dict()
    data["goal"] = data.pop("goal_id")
    form = AgendaItemForm(data, client=client)
    if not form.is_valid():
        return _form_errors(form)
    cleaned = form.cleaned_data
    item = actions.add_agenda_item(
        client,
        actor_of(request),
        text=cleaned["text"],
        priority=cleaned["priority"],
        goal=cleaned["goal"],
        submission_key=cleaned["submission_key"],
    )
    return Status(201, AgendaItem.objects.with_people().get(pk=item.pk))


@router.post(
    "/clients/{client_id}/agenda/{item_id}/discussed",
    response={200: AgendaItemOut, **WRITE_ERRORS},
    summary="Mark an agenda item discussed",
)
def mark_discussed(request: AuthedHttpRequest, client_id: int, item_id: int):
    """Either party may; the first who and when are kept, so marking twice changes nothing."""
    client = get_client_for(request, client_id, write=True)
    item = get_agenda_item_of(request, client, item_id)
    actions.mark_discussed(item, actor_of(request))
    return Status(200, AgendaItem.objects.with_people().get(pk=item.pk))


# --- Goal ideas -------------------------------------------------------------------------------------------


def _ideas() -> QuerySet[GoalIdea]:
    return GoalIdea.objects.select_related("added_by", "used_by")


@router.get(
    "/clients/{client_id}/goal-ideas",
    response={200: list[GoalIdeaOut], **READ_ERRORS, 422: ErrorOut},
    summary="A client's goal ideas, newest first",
)
@paginate(Pagination)
def list_goal_ideas(request: AuthedHttpRequest, client_id: int):
    client = get_client_for(request, client_id)
    return _ideas().filter(client=client)


@router.post(
    "/clients/{client_id}/goal-ideas",
    response={201: GoalIdeaOut, **KEYED_WRITE_ERRORS},
    summary="Note a goal idea",
)
def add_goal_idea(request: AuthedHttpRequest, client_id: int, payload: GoalIdeaIn):
    client = get_client_for(request, client_id, write=True)
    form = GoalIdeaForm(payload.dict())
    if not form.is_valid():
        return _form_errors(form)
    idea = actions.add_goal_idea(
        client,
        actor_of(request),
        text=form.cleaned_data["text"],
        submission_key=form.cleaned_data["submission_key"],
    )
    return Status(201, _ideas().get(pk=idea.pk))


@router.post(
    "/clients/{client_id}/goal-ideas/{idea_id}/goal",
    response={201: GoalFromIdeaOut, **WRITE_ERRORS, 409: ErrorOut},
    summary="Turn a goal idea into a proposed goal",
)
def turn_idea_into_goal(request: AuthedHttpRequest, client_id: int, idea_id: int):
    """Proposes a goal in the idea's words (kept as the client's own words when the client wrote it).
    409 if the idea is already a goal."""
    client = get_client_for(request, client_id, write=True)
    idea = get_idea_of(request, client, idea_id)
    try:
        goal = actions.turn_idea_into_goal(idea, actor_of(request))
    except actions.DialogueError as error:
        return Status(409, error_body(error.message))
    return Status(201, {"goal_id": goal.pk, "idea": _ideas().get(pk=idea.pk)})
