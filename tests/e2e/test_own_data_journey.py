"""Issue 13, point 10 on a phone (360×740): a client takes all their data away from their account page — one
tap on "Download your data" gives a zip with a readable PDF, JSON and a FHIR Bundle, holding their goals in
their own words and never the therapist's formulation. Axe on the page; a screenshot in
tests/e2e/screenshots/."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from accord.assessments.models import TherapistFormulation
from tests.checkins.checkin_support import agreed_goal, check_in
from tests.e2e.conftest import check_page, sign_in
from tests.factories import PASSWORD, make_cast

pytestmark = pytest.mark.django_db(transaction=True)

SMALL_PHONE = {"width": 360, "height": 740}
FORMULATION = "Avoidance maintained by relief; early loss"


def test_the_client_downloads_their_data_from_the_account_page_on_a_phone(new_page):
    cast = make_cast()
    goal = agreed_goal(cast)
    check_in(cast.cam, [goal], value=2, progress=6, confidence=7)
    TherapistFormulation.objects.create(client=cast.cam, text=FORMULATION, written_by=cast.tess)

    cam = new_page(SMALL_PHONE)
    sign_in(cam, "cam@riverside.example", PASSWORD)
    cam.goto("/account/")
    check_page(cam, "phone-own-data-360")
    button = cam.get_by_role("link", name="Download your data")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    with cam.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")

    archive = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    names = set(archive.namelist())
    assert {"my-data.pdf", "my-data.json", "my-data.fhir.json"} <= names
    assert archive.read("my-data.pdf").startswith(b"%PDF")
    everything = b"".join(archive.read(name) for name in names)
    assert goal.current_version.statement.encode() in archive.read("my-data.json")
    assert FORMULATION.encode() not in everything
    bundle = json.loads(archive.read("my-data.fhir.json"))
    assert bundle["resourceType"] == "Bundle"
