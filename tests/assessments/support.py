"""Helpers shared by the assessment page and API tests: answer sets, assignments and API callers."""

from __future__ import annotations

import json

from django.test import Client as BrowserClient
from django.utils import timezone

from accord.accounts.models import ApiToken
from accord.assessments import actions, catalogue
from accord.assessments.models import ResponseSource

PHQ9_ITEMS = [f"q{n}" for n in range(1, 10)]
GAD7_ITEMS = [f"q{n}" for n in range(1, 8)]


def phq9(total: int, *, item9: int = 0) -> dict[str, int]:
    """PHQ-9 answers adding up to ``total`` (item 9 included), item 9 set as asked."""
    answers = {key: 0 for key in PHQ9_ITEMS}
    answers["q9"] = item9
    remaining = total - item9
    for key in PHQ9_ITEMS[:8]:
        answers[key] = min(3, remaining)
        remaining -= answers[key]
    assert remaining == 0, "total out of reach"
    return answers


def gad7(total: int) -> dict[str, int]:
    answers = {}
    remaining = total
    for key in GAD7_ITEMS:
        answers[key] = min(3, remaining)
        remaining -= answers[key]
    return answers


def as_post(answers: dict, **extra) -> dict[str, str]:
    """Answers as a browser posts them (strings), plus any other fields."""
    return {**{key: str(value) for key, value in answers.items()}, **extra}


def assign(client, key: str = "phq9", *, by, every_weeks: int | None = None, due=None):
    return actions.assign_measure(
        client,
        by,
        instrument_key=key,
        every_weeks=every_weeks,
        first_due_on=due or actions.client_today(client),
    )


def respond(client, key: str, answers: dict, *, by, when=None, idempotency_key: str | None = None):
    """Record a response directly (for setting up history); ``by`` is a care-team therapist or the client."""
    response, _created = actions.record_response(
        client,
        by,
        catalogue.get_instrument(key),
        answers,
        idempotency_key=idempotency_key or actions.new_idempotency_key(),
        source=ResponseSource.PAGE,
        completed_at=when or timezone.now(),
        notify=False,
    )
    return response


class Api:
    """Calls the JSON API with a personal token, as an integrator would."""

    def __init__(self, user=None):
        self.browser = BrowserClient()
        self.headers = {}
        if user is not None:
            _token, raw = ApiToken.issue(user, "tests")
            self.headers["Authorization"] = f"Bearer {raw}"

    def _call(self, method: str, path: str, body=None, **query):
        call = getattr(self.browser, method)
        url = f"/api/v1{path}"
        if body is None:
            return call(url, data=query or None, headers=self.headers)
        return call(url, data=json.dumps(body), content_type="application/json", headers=self.headers)

    def get(self, path: str, **query):
        return self._call("get", path, **query)

    def post(self, path: str, body=None):
        return self._call("post", path, body if body is not None else {})

    def patch(self, path: str, body):
        return self._call("patch", path, body)

    def put(self, path: str, body):
        return self._call("put", path, body)
