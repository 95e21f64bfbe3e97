import io

import pytest
from pypdf import PdfReader

from accord.audit.models import AuditEvent
from accord.checkins.models import CheckIn, GoalEntry
from tests.records.support import CLIENT_WORDS, FORMULATION, STATEMENT, full_record

pytestmark = pytest.mark.django_db


def url(cast):
    return f"/api/v1/clients/{cast.cam.pk}/export/pdf"


def test_the_plan_has_goals_levels_measures_agreement_and_charts_as_text(cast, as_tess):
    goal = full_record(cast)
    checkin = CheckIn.objects.create(client=cast.cam, submitted_at=goal.created_at, idempotency_key="c1")
    GoalEntry.objects.create(
        checkin=checkin, goal=goal, version=goal.agreed_version, recorded_on=goal.created_at.date(), value=1
    )
    answer = as_tess.get(url(cast))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert STATEMENT in text
    assert CLIENT_WORDS in text
    assert goal.agreed_version.gas_plus_2 in text
    assert "PHQ-9" in text or "Patient Health" in text
    assert "accepted v2" in text
    assert f"of {len(reader.pages)}" in text
    assert FORMULATION not in text
    images = sum(len(page.images) for page in reader.pages)
    assert images >= 1  # the progress chart
    assert AuditEvent.objects.filter(action="records.exported", detail__format="pdf").exists()


def test_plan_for_the_client_and_not_for_others(cast, as_cam, as_theo, as_casey, client):
    full_record(cast)
    assert as_cam.get(url(cast)).status_code == 200
    assert as_theo.get(url(cast)).status_code == 404
    assert as_casey.get(url(cast)).status_code == 404
    assert client.get(url(cast)).status_code == 401


def test_client_page_links_the_plan(cast, as_tess):
    page = as_tess.get(f"/clients/{cast.cam.pk}/").content.decode()
    assert url(cast) in page
