"""The live builder's endpoints (issue 15; ``goals/live.py``), called by ``static/accord/coedit.js``:

- ``GET goals/<id>/live/``: the draft — each field changed live, who is here and where. With the ETag of the
  last answer in ``If-None-Match`` it answers 304 from one query while nothing is new.
- ``POST goals/<id>/live/``: one field's change; 409 with the other person's text when they changed the
  field since the typing began and the two cannot be merged.
- ``POST goals/<id>/live/presence/``: arriving (``join``), still here or in another field (``here``),
  leaving (``leave``; also sent as a beacon as the page goes).

They answer JSON, errors in the API's shape (``api/errors.py``). Nothing typed ever goes into a URL or a log.
"""

from __future__ import annotations

import json
from typing import Any

from django.forms import Form
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.api.errors import error_body, party_json_endpoint
from accord.goals import live
from accord.goals.access import get_goal_for, live_revision_if_visible
from accord.goals.forms import LiveChangeForm, LivePresenceForm
from accord.goals.live_fields import LIVE_FIELDS


def builder_live_context() -> dict[str, Any]:
    """What the builder page gives ``coedit.js``: the shared fields, its timings and its words."""
    return {
        "fields_json": json.dumps({name: spec.kind for name, spec in LIVE_FIELDS.items()}),
        "poll_ms": live.POLL_SECONDS * 1000,
        "heartbeat_ms": live.HEARTBEAT_SECONDS * 1000,
        "gone_ms": live.PRESENCE_SECONDS * 1000,
        "texts": {
            "alone": _(
                "What you type here is shared as you type with anyone else who opens this goal's builder. "
                "Nothing is saved until someone saves."
            ),
            "together": _(
                "Shaping this together with %(names)s: what each of you types appears on the other's screen. "
                "Nothing is saved until one of you saves."
            ),
            "editing": _("%(name)s is editing this"),
            "changed": _("Changed by %(name)s"),
            "conflict": _("%(name)s changed this while you typed."),
            "theirs": _("%(name)s's version:"),
            "empty": _("(empty)"),
            "keep": _("Keep mine"),
            "take": _("Take %(name)s's"),
            "merged": _("Your change was put together with %(name)s's."),
            "filled": _("Filled in what was typed here together but not saved yet."),
            "saved": _("A new version (%(number)s) was saved, so live sharing has stopped here."),
            "open_new": _("Open version %(number)s to carry on together"),
            "paused": _(
                "Live sharing has paused: Accord cannot be reached. Nothing you type is lost, and saving "
                "works as usual."
            ),
            "signed_out": _("You are signed out, so live sharing has stopped."),
            "refused": _("This is too long to share live; shorten it before saving."),
        },
    }


def _error(status: int, detail: str, errors: dict[str, list[str]] | None = None, **extra) -> JsonResponse:
    return JsonResponse({**error_body(detail, errors), **extra}, status=status)


def _invalid(form: Form) -> JsonResponse:
    """The API's 422: each refused value under its field's name."""
    errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
    return _error(422, _("Some values are not valid."), errors)


@party_json_endpoint("GET", "POST")
def draft(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    if request.method == "POST":
        return _change_field(request, goal_id)
    visible, revision = live_revision_if_visible(request, goal_id)
    tag = live.etag(revision)
    if visible and request.headers.get("If-None-Match") == tag:
        response = HttpResponse(status=304)
    else:
        goal = get_goal_for(request, goal_id)  # an outsider's 404 is audited here; a read is recorded
        body = live.state(goal, request.user)
        response = JsonResponse(body)
        tag = live.etag(body["revision"])
    response["ETag"] = tag
    return response


def _change_field(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    form = LiveChangeForm(request.POST)
    if not form.is_valid():
        return _invalid(form)
    data = form.cleaned_data
    try:
        outcome = live.change_field(
            goal,
            actor_of(request),
            data["field"],
            data["value"],
            version=data["version"],
            base_rev=data["base_rev"],
            base=data["base"],
        )
    except live.LiveDraftRefused as refused:
        return _error(409, refused.message, code=refused.code)
    if not outcome.taken:
        detail = _("%(name)s changed this while you typed.") % {"name": outcome.by}
        return _error(
            409,
            detail,
            code="field",
            field=data["field"],
            theirs=outcome.value,
            rev=outcome.rev,
            by=outcome.by,
        )
    return JsonResponse(
        {"field": data["field"], "value": outcome.value, "rev": outcome.rev, "by": outcome.by}
    )


@party_json_endpoint("POST")
def presence(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id)
    form = LivePresenceForm(request.POST)
    if not form.is_valid():
        return _invalid(form)
    action, field = form.cleaned_data["action"], form.cleaned_data["field"]
    try:
        if action == "leave":
            live.leave(goal, actor_of(request))
        elif action == "join":
            live.join(goal, actor_of(request), field=field)
        else:
            live.still_here(goal, actor_of(request), field=field)
    except live.LiveDraftRefused as refused:
        return _error(409, refused.message, code=refused.code)
    if action == "leave":
        return HttpResponse(status=204)
    return JsonResponse(live.state(goal, request.user))
