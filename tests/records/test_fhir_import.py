import copy
import json

import pytest
from django.core.management import CommandError, call_command

from accord.accounts.models import Client
from accord.audit.models import AuditEvent
from accord.goals import gas
from accord.goals.models import GasRating, Goal
from accord.records import codes
from accord.records.actions import ImportRefused, import_fhir
from accord.records.fhir_export import client_bundle
from accord.records.models import ImportedRecord
from tests.records.support import full_record

pytestmark = pytest.mark.django_db


def entries(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def comparable(bundle):
    """Goals, GAS levels and ratings as they should survive a round trip (ids and references aside)."""
    goals = []
    for goal in entries(bundle, "Goal"):
        extensions = []
        for ext in goal["extension"]:
            if ext["url"] == codes.ACCEPTANCE_EXTENSION:
                extensions.append(("acceptance", ext["extension"][1]["valueCode"]))
            else:
                extensions.append((ext["url"], json.dumps(ext["extension"], sort_keys=True)))
        goals.append(
            {
                "description": goal["description"],
                "note": [n["text"] for n in goal.get("note", [])],
                "lifecycle": goal["lifecycleStatus"],
                "achievement": goal.get("achievementStatus"),
                "target": goal.get("target"),
                "extensions": sorted(extensions),
            }
        )
    ratings = sorted(
        (
            o["code"]["coding"][0]["code"],
            o["valueCodeableConcept"]["coding"][0]["code"],
            o["effectiveDateTime"] if o["code"]["coding"][0]["code"] != codes.GAS_BASELINE else "",
            [n["text"] for n in o.get("note", [])],
        )
        for o in entries(bundle, "Observation")
        if o["code"]["coding"][0]["code"] in codes.GAS_SCORE_CODES
    )
    return goals, ratings


def test_round_trip_keeps_goals_gas_levels_and_ratings(cast):
    full_record(cast)
    exported = client_bundle(cast.cam)
    report = import_fhir(exported, cast.practice_b, therapist=cast.theo, actor=None, via="test")
    imported = Client.objects.get(practice=cast.practice_b, display_name="Cam")
    assert {line["resource"].split("/")[0] for line in report["imported"]} == {
        "Patient",
        "Goal",
        "Observation",
    }
    assert any("Questionnaire" in line["resource"] for line in report["skipped"])
    again = client_bundle(imported)
    assert comparable(again) == comparable(exported)


def test_importing_twice_changes_nothing(cast):
    full_record(cast)
    exported = client_bundle(cast.cam)
    import_fhir(exported, cast.practice_b, therapist=cast.theo, actor=None, via="test")
    counts = (
        Client.objects.count(),
        Goal.objects.count(),
        GasRating.objects.count(),
        ImportedRecord.objects.count(),
    )
    report = import_fhir(exported, cast.practice_b, therapist=cast.theo, actor=None, via="test")
    assert report["imported"] == []
    assert all(
        "imported before" in line["why"] or "not imported" in line["why"] for line in report["skipped"]
    )
    assert counts == (
        Client.objects.count(),
        Goal.objects.count(),
        GasRating.objects.count(),
        ImportedRecord.objects.count(),
    )


def test_a_malformed_bundle_is_refused_naming_resource_and_field_and_nothing_is_saved(cast):
    full_record(cast)
    bundle = client_bundle(cast.cam)
    broken = copy.deepcopy(bundle)
    goal = entries(broken, "Goal")[0]
    goal["lifecycleStatus"] = "finished"
    goal["target"][0].pop("measure")
    before = (Client.objects.count(), Goal.objects.count())
    with pytest.raises(ImportRefused) as refused:
        import_fhir(broken, cast.practice_b, therapist=None, actor=None, via="test")
    text = "\n".join(refused.value.problems)
    assert f"Goal/{goal['id']} lifecycleStatus" in text
    assert f"Goal/{goal['id']} target[0].measure" in text
    assert (Client.objects.count(), Goal.objects.count()) == before
    assert AuditEvent.objects.filter(action="records.import_refused").exists()
    with pytest.raises(ImportRefused):
        import_fhir({"resourceType": "Patient"}, cast.practice_b, therapist=None, actor=None, via="test")


def _foreign_bundle(levels_by_goal):
    """A Bundle as another system might send it: relative references, its own identifiers."""
    entry = [
        {
            "fullUrl": "http://other.example/fhir/Patient/p1",
            "resource": {
                "resourceType": "Patient",
                "id": "p1",
                "identifier": [{"system": "http://other.example/mrn", "value": "A-1"}],
                "name": [{"given": ["Zoë"], "family": "Ødegård"}],
            },
        }
    ]
    for number, level in enumerate(levels_by_goal, start=1):
        entry.append(
            {
                "fullUrl": f"http://other.example/fhir/Goal/g{number}",
                "resource": {
                    "resourceType": "Goal",
                    "id": f"g{number}",
                    "identifier": [{"system": "http://other.example/goal", "value": str(number)}],
                    "lifecycleStatus": "active",
                    "description": {"text": f"Goal {number}"},
                    "subject": {"reference": "Patient/p1"},
                    "extension": [
                        {
                            "url": codes.GAS_EXTENSION,
                            "extension": [
                                {"url": "level", "valueCoding": {"system": codes.LOINC, "code": code}},
                                {"url": "text", "valueString": f"level {lvl} of goal {number}"},
                            ],
                        }
                        for lvl, code in codes.GAS_ANSWER.items()
                    ],
                },
            }
        )
        entry.append(
            {
                "fullUrl": f"http://other.example/fhir/Observation/o{number}",
                "resource": {
                    "resourceType": "Observation",
                    "id": f"o{number}",
                    "status": "final",
                    "code": {"coding": [{"system": codes.LOINC, "code": "107333-7"}]},
                    "subject": {"reference": "Patient/p1"},
                    "focus": [{"reference": f"Goal/g{number}"}],
                    "effectiveDateTime": "2026-03-01T10:00:00Z",
                    "valueCodeableConcept": {
                        "coding": [{"system": codes.LOINC, "code": codes.GAS_ANSWER[level]}]
                    },
                },
            }
        )
    return {"resourceType": "Bundle", "type": "collection", "entry": entry}


def _imported_levels(client):
    goals = list(Goal.objects.filter(client=client).order_by("pk"))
    return [GasRating.objects.get(goal=g).level for g in goals], goals


def test_published_gas_examples_from_an_imported_bundle(cast):
    """CLINICAL.md: three unweighted goals at +1, +1, 0 → T = 59.13; levels −2, 0, −1, +2, 0, +1 with weights
    3, 5, 1, 4, 2, 6 → T = 55.00 (weight 5 is no importance × difficulty product, so the weights are given
    here; the levels come from the import)."""
    import_fhir(_foreign_bundle([1, 1, 0]), cast.practice_a, therapist=cast.tess, actor=None, via="test")
    client = Client.objects.get(display_name="Zoë Ødegård")
    levels, goals = _imported_levels(client)
    assert levels == [1, 1, 0]
    assert all(g.current_version.gas_0 == f"level 0 of goal {i}" for i, g in enumerate(goals, start=1))
    assert round(gas.t_score([gas.GasGoal(level, 1) for level in levels], weighted=False), 2) == 59.13

    import_fhir(
        _foreign_bundle([-2, 0, -1, 2, 0, 1]), cast.practice_b, therapist=cast.theo, actor=None, via="t"
    )
    other = Client.objects.get(practice=cast.practice_b, display_name="Zoë Ødegård")
    levels, _ = _imported_levels(other)
    assert levels == [-2, 0, -1, 2, 0, 1]
    weights = [3, 5, 1, 4, 2, 6]
    goals_in = [gas.GasGoal(level, weight) for level, weight in zip(levels, weights, strict=True)]
    assert round(gas.t_score(goals_in), 2) == 55.00


def test_import_command_reports_and_refuses(cast, tmp_path, capsys):
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(_foreign_bundle([1])))
    call_command(
        "import_fhir",
        str(path),
        "--practice",
        "riverside-counselling",
        "--therapist",
        "tess@riverside.example",
    )
    out = capsys.readouterr().out
    assert "imported Patient/p1" in out and "1 imported" not in out
    call_command("import_fhir", str(path), "--practice", "riverside-counselling")
    assert "0 imported" in capsys.readouterr().out
    path.write_text("{not json")
    with pytest.raises(CommandError):
        call_command("import_fhir", str(path), "--practice", "riverside-counselling")


def test_import_api_for_admins_only(cast, as_ada, as_tess, as_theo, client):
    url = "/api/v1/import/fhir"
    body = json.dumps(_foreign_bundle([0]))
    answer = as_ada.post(url, body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert len(answer.json()["imported"]) == 3
    assert as_ada.post(url, body, content_type="application/json").json()["imported"] == []
    for browser in (as_tess, as_theo):
        assert browser.post(url, body, content_type="application/json").status_code == 404
    assert client.post(url, body, content_type="application/json").status_code == 401
    bad = as_ada.post(
        url, json.dumps({"resourceType": "Bundle", "type": "nonsense"}), content_type="application/json"
    )
    assert bad.status_code == 400
    assert "Bundle" in json.dumps(bad.json()["errors"]["bundle"])
    assert as_ada.post(url, "{oops", content_type="application/json").status_code == 400
    assert as_ada.get(url).status_code == 405
