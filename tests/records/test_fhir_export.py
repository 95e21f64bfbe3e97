import json

import pytest

from accord.records import codes
from accord.records.fhir_check import check_bundle
from accord.records.fhir_export import client_bundle, practice_bundle
from tests.records.support import CLIENT_WORDS, FORMULATION, STATEMENT, full_record

pytestmark = pytest.mark.django_db


def resources(bundle, kind=None):
    found = [e["resource"] for e in bundle["entry"]]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def test_every_resource_of_a_full_record_validates(cast):
    full_record(cast)
    bundle = client_bundle(cast.cam)
    assert check_bundle(bundle) == []
    kinds = {r["resourceType"] for r in resources(bundle)}
    assert kinds >= {
        "Patient",
        "Practitioner",
        "CareTeam",
        "CarePlan",
        "Goal",
        "Observation",
        "Questionnaire",
        "QuestionnaireResponse",
    }


def test_goal_carries_words_statement_target_acceptance_and_gas_levels(cast):
    full_record(cast)
    (goal,) = resources(client_bundle(cast.cam), "Goal")
    assert goal["description"]["text"] == STATEMENT
    assert goal["note"][0]["text"] == CLIENT_WORDS
    assert goal["lifecycleStatus"] == "active"
    assert goal["target"][0]["measure"]["text"] == "walks a week"
    assert goal["target"][0]["detailQuantity"]["value"] == 2
    gas = [e for e in goal["extension"] if e["url"] == codes.GAS_EXTENSION]
    levels = {e["extension"][0]["valueCoding"]["code"]: e["extension"][1]["valueString"] for e in gas}
    assert levels == {
        "LA34484-8": "No walks at all",
        "LA34483-0": "One walk some weeks",
        "LA34481-4": "Two walks a week",
        "LA34480-6": "Three walks a week",
        "LA34479-8": "Four or more walks a week",
    }
    acceptance = [e for e in goal["extension"] if e["url"] == codes.ACCEPTANCE_EXTENSION]
    assert [a["extension"][1]["valueCode"] for a in acceptance] == ["agree", "agree"]


def test_gas_follow_ups_per_rater_baseline_and_measure_total_use_loinc(cast):
    full_record(cast)
    observations = resources(client_bundle(cast.cam), "Observation")
    by_code = {}
    for obs in observations:
        by_code.setdefault(obs["code"]["coding"][0]["code"], []).append(obs)
    assert by_code["107334-5"][0]["valueCodeableConcept"]["coding"][0]["code"] == "LA34480-6"
    assert by_code["107333-7"][0]["valueCodeableConcept"]["coding"][0]["code"] == "LA34481-4"
    assert by_code["112296-9"][0]["valueCodeableConcept"]["coding"][0]["code"] == "LA34483-0"
    assert by_code["44261-6"][0]["valueInteger"] == 17
    assert by_code["44261-6"][0]["derivedFrom"]
    assert by_code[codes.READINESS][0]["component"][0]["valueQuantity"]["value"] == 8


def test_the_formulation_is_never_exported(cast):
    full_record(cast)
    assert FORMULATION not in json.dumps(client_bundle(cast.cam))
    assert FORMULATION not in json.dumps(practice_bundle(cast.practice_a))


def test_practice_bundle_has_its_active_clients_only(cast):
    full_record(cast)
    cast.casey.is_active = False
    cast.casey.save()
    bundle = practice_bundle(cast.practice_a)
    assert check_bundle(bundle) == []
    names = [p["name"][0]["text"] for p in resources(bundle, "Patient")]
    assert names == ["Cam"]
    assert "Cleo" not in json.dumps(bundle)


def test_checker_names_resource_and_field(cast):
    full_record(cast)
    bundle = client_bundle(cast.cam)
    goal = resources(bundle, "Goal")[0]
    goal["target"][0].pop("measure")
    goal["lifecycleStatus"] = "done"
    goal["subject"]["reference"] = "Patient/nowhere"
    problems = check_bundle(bundle)
    text = "\n".join(problems)
    assert f"Goal/{goal['id']} target[0].measure: gol-1" in text
    assert f"Goal/{goal['id']} lifecycleStatus" in text
    assert "Patient/nowhere is not in the Bundle" in text


def test_api_export_for_the_care_team_and_the_client(cast, as_tess, as_cam):
    from accord.audit.models import AuditEvent

    full_record(cast)
    url = f"/api/v1/clients/{cast.cam.pk}/export/fhir"
    for browser in (as_tess, as_cam):
        answer = browser.get(url)
        assert answer.status_code == 200
        assert check_bundle(answer.json()) == []
        assert FORMULATION not in answer.content.decode()
    assert AuditEvent.objects.filter(action="records.exported", client=cast.cam).count() == 2


@pytest.mark.parametrize("who", ["as_theo", "as_casey", "as_ada", "as_cleo"])
def test_api_export_outside_the_care_team_is_an_audited_404(cast, who, request):
    from accord.audit.models import AuditEvent

    browser = request.getfixturevalue(who)
    answer = browser.get(f"/api/v1/clients/{cast.cam.pk}/export/fhir")
    assert answer.status_code == 404
    assert AuditEvent.objects.filter(action="access.denied").exists()
    assert not AuditEvent.objects.filter(action="records.exported").exists()


def test_api_export_anonymous_and_wrong_method(cast, client):
    assert client.get(f"/api/v1/clients/{cast.cam.pk}/export/fhir").status_code == 401
    from tests.conftest import signed_in

    assert signed_in(cast.tess).post(f"/api/v1/clients/{cast.cam.pk}/export/fhir").status_code in (403, 405)


def test_export_command_for_a_client_and_a_practice(cast, tmp_path):
    from django.core.management import call_command

    full_record(cast)
    out = tmp_path / "cam.json"
    call_command("export_fhir", "--client", str(cast.cam.pk), "--out", str(out))
    assert check_bundle(json.loads(out.read_text())) == []
    call_command("export_fhir", "--practice", "riverside-counselling", "--out", str(out))
    bundle = json.loads(out.read_text())
    assert {p["name"][0]["text"] for p in resources(bundle, "Patient")} == {"Cam", "Casey"}
