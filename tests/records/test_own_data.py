import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from accord.audit.models import AuditEvent
from accord.dialogue.models import AgendaItem
from accord.records.fhir_check import check_bundle
from tests.records.support import CLIENT_WORDS, FORMULATION, STATEMENT, full_record

pytestmark = pytest.mark.django_db

URL = "/me/my-data/export/"


def unzip(answer):
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    return {name: archive.read(name) for name in archive.namelist()}


def test_the_client_downloads_pdf_json_and_fhir(cast, as_cam):
    goal = full_record(cast)
    AgendaItem.objects.create(
        client=cast.cam, text="Talk about the café", added_by=cast.cam_user, added_by_party="client"
    )
    answer = as_cam.get(URL)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/zip"
    assert "Cam" not in answer["Content-Disposition"]
    files = unzip(answer)
    assert set(files) == {"my-data.pdf", "my-data.json", "my-data.fhir.json", "README.txt"}
    data = json.loads(files["my-data.json"])
    (exported_goal,) = data["goals"]
    assert exported_goal["in_your_words"] == CLIENT_WORDS
    assert [v["number"] for v in exported_goal["versions"]] == [1, 2]
    assert {r["party"] for r in exported_goal["gas_ratings"]} == {"client", "therapist"}
    assert data["measures"][0]["total"] == 17
    assert data["agenda"][0]["text"] == "Talk about the café"
    assert check_bundle(json.loads(files["my-data.fhir.json"])) == []
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(files["my-data.pdf"])).pages)
    assert STATEMENT in text
    assert CLIENT_WORDS in text  # non-ASCII (ë, —) as text, in the embedded font
    assert goal.current_version.gas_0 in text
    for content in files.values():
        assert FORMULATION.encode() not in content
    event = AuditEvent.objects.get(action="records.exported", client=cast.cam)
    assert event.detail["format"] == "zip"


def test_only_the_client_themselves(cast, as_tess, as_ada, as_theo, client):
    full_record(cast)
    for browser in (as_tess, as_ada, as_theo):
        assert browser.get(URL).status_code == 404
    assert not AuditEvent.objects.filter(action="records.exported").exists()
    assert client.get(URL).status_code == 302  # anonymous: to sign-in


def test_another_client_gets_only_their_own(cast, as_casey):
    full_record(cast)
    files = unzip(as_casey.get(URL))
    assert STATEMENT not in files["my-data.json"].decode()
    assert json.loads(files["my-data.json"])["you"]["name"] == "Casey"


def test_wrong_method(cast, as_cam):
    assert as_cam.post(URL).status_code == 405


def test_account_page_offers_the_download_to_clients_only(cast, as_cam, as_tess):
    assert URL in as_cam.get("/account/").content.decode()
    assert URL not in as_tess.get("/account/").content.decode()
