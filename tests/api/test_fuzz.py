"""The API fuzzer in CI (issue 12, point 5): schemathesis sends generated requests to every operation of the
OpenAPI document, as a therapist and as a client, and fails on any 5xx, any answer that does not match its
documented schema, any undocumented status code or content type.

Bounded: a few examples per operation and person (``FUZZ_EXAMPLES``): one by default, so the local suite stays
fast (every operation is still called as both people), three in CI (.ci/run sets ``FUZZ_EXAMPLES=3``), which
keeps CI's run within a couple of minutes on two cores. Run more locally:
``FUZZ_EXAMPLES=50 pytest -m fuzz tests/api/test_fuzz.py``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from accord.accounts.models import ApiToken
from tests.factories import make_cast

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1"))
# Not checked: "a schema-valid request must be accepted". Accord refuses valid-looking requests on purpose
# when the goal's state does not allow them (400 "This goal is not parked.") or a form rule does (422).


@pytest.fixture
def api_schema(db):
    """The live OpenAPI document, called through the WSGI app in this process (inside the test's transaction).

    Like Django's test client, keep the request signals from closing the test's database connection."""
    import schemathesis  # imported here, not at collection: it takes seconds, in every worker
    from django.core import signals
    from django.db import close_old_connections

    from accord.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db) -> dict:
    """Tokens of a therapist (Tess) and a client (Cam), and ids of Cam's real objects for the paths, so
    generated bodies reach the validation and the actions instead of stopping at "not found"."""
    from accord.dialogue import actions as dialogue
    from accord.goals.actions import propose_goal

    cast = make_cast()
    goal = propose_goal(cast.cam, cast.cam_user, words="Walk to the park on Saturdays")
    thread = dialogue.general_thread(cast.cam)
    message = dialogue.post_message(thread, cast.cam_user, body="Hello")
    return {
        "tokens": {
            "therapist": ApiToken.issue(cast.tess, "fuzz")[1],
            "client": ApiToken.issue(cast.cam_user, "fuzz")[1],
        },
        "ids": {
            "client_id": cast.cam.pk,
            "goal_id": goal.pk,
            "thread_id": thread.pk,
            "message_id": message.pk,
        },
    }


BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
)


def fuzz(api_schema, token: str, ids: dict[str, int]) -> list[str]:
    """Every operation, a few generated requests each; the first failure of each operation, described."""
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    problems = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @BOUNDED
        @given(case=operation.as_strategy())
        def run(case):
            # Half the examples point at Cam's real objects; the rest keep the generated ids.
            if case.path_parameters and hash(repr(case.body)) % 2 == 0:
                case.path_parameters = {k: ids.get(k, v) for k, v in case.path_parameters.items()}
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"}, excluded_checks=[positive_data_acceptance]
            )

        try:
            run()
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001  (each operation's failure is reported, all at once)
            problems.append(f"{operation.label}: {str(failure)[:1500]}")
    return problems


def test_api_answers_as_documented_to_a_therapist(api_schema, world):
    problems = fuzz(api_schema, world["tokens"]["therapist"], world["ids"])
    assert not problems, "\n\n".join(problems)


def test_api_answers_as_documented_to_a_client(api_schema, world):
    problems = fuzz(api_schema, world["tokens"]["client"], world["ids"])
    assert not problems, "\n\n".join(problems)
