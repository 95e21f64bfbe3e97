"""The FHIR export and the client's download read a fixed number of queries, however many goals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.goals import actions
from accord.records.client_data import client_data
from accord.records.fhir_export import client_bundle
from tests.records.support import agreed_goal, full_record

pytestmark = pytest.mark.django_db


def queries(function, *args) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(*args)
    return len(captured)


def test_export_queries_do_not_grow_with_goals(cast):
    full_record(cast)
    one = (queries(client_bundle, cast.cam), queries(client_data, cast.cam))
    for number in range(3):
        goal = agreed_goal(cast, words=f"Another goal {number}", statement=f"Statement {number}")
        actions.rate_gas(goal, cast.tess, level=1)
        actions.rate_readiness(goal, cast.cam_user, importance=5, confidence=5)
    assert (queries(client_bundle, cast.cam), queries(client_data, cast.cam)) == one
