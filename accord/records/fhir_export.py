"""A client's record, or a practice's, as a FHIR R4 Bundle (CLINICAL.md, "FHIR mapping").

Reads only. Every resource has a stable id (``goal-12``) and the Bundle a ``urn:uuid`` fullUrl per resource
made from it, so references are literal and the same record always exports the same way. The therapist-only
formulation is never part of it: nothing here reads ``TherapistFormulation``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from accord.accounts.models import CareTeamMember, Client, Practice, User
from accord.assessments import catalogue
from accord.assessments.definitions import Instrument
from accord.assessments.models import MeasureResponse
from accord.checkins.models import GoalEntry, ProgressRating
from accord.goals.models import GasRating, Goal, GoalVersion, Party, ReadinessRating
from accord.records import codes
from accord.records.models import ImportedRecord

Resource = dict[str, Any]

# Where the Bundle's urn:uuid names come from: the same resource id gives the same uuid in every export.
NAMESPACE = uuid.UUID("0f6b1f1e-6c0a-4c55-9d1e-acc0bd000001")


def full_url(resource_type: str, resource_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{resource_type}/{resource_id}')}"


def ref(resource_type: str, resource_id: str, display: str = "") -> dict[str, str]:
    reference = {"reference": full_url(resource_type, resource_id)}
    if display:
        reference["display"] = display
    return reference


def identifier(kind: str, pk: object) -> dict[str, str]:
    return {"system": codes.ID_SYSTEM + kind, "value": str(pk)}


def instant(value: dt.datetime) -> str:
    return timezone.localtime(value, dt.UTC).isoformat().replace("+00:00", "Z")


def coding(system: str, code: str, display: str = "") -> dict[str, str]:
    found = {"system": system, "code": code}
    if display:
        found["display"] = display
    return found


def gas_concept(level: int) -> dict[str, Any]:
    return {
        "coding": [coding(codes.LOINC, codes.GAS_ANSWER[level], codes.GAS_ANSWER_DISPLAY[level])],
        "text": f"{level:+d}" if level else "0",
    }


class BundleBuilder:
    def __init__(self) -> None:
        self.entries: list[Resource] = []
        self.seen: set[str] = set()

    def add(self, resource: Resource) -> None:
        url = full_url(resource["resourceType"], resource["id"])
        if url in self.seen:
            return
        self.seen.add(url)
        self.entries.append({"fullUrl": url, "resource": resource})

    def bundle(self, bundle_id: str) -> Resource:
        return {
            "resourceType": "Bundle",
            "id": bundle_id,
            "meta": {"lastUpdated": instant(timezone.now())},
            "type": "collection",
            "timestamp": instant(timezone.now()),
            "entry": self.entries,
        }


# --- loading -------------------------------------------------------------------------------------------


def _clients_loaded(clients: Iterable[Client]) -> list[Client]:
    ids = [c.pk for c in clients]
    return list(
        Client.objects.filter(pk__in=ids)
        .select_related("practice", "user")
        .prefetch_related(
            Prefetch("care_team", queryset=CareTeamMember.objects.select_related("therapist")),
            Prefetch(
                "goals",
                queryset=Goal.objects.select_related("current_version", "agreed_version").prefetch_related(
                    Prefetch("versions", queryset=GoalVersion.objects.order_by("number")),
                    Prefetch("gas_ratings", queryset=GasRating.objects.select_related("rated_by")),
                    Prefetch("readiness", queryset=ReadinessRating.objects.all()),
                    Prefetch("progress_ratings", queryset=ProgressRating.objects.select_related("rated_by")),
                    Prefetch("entries", queryset=GoalEntry.objects.order_by("recorded_on", "id")),
                ),
            ),
            Prefetch("measure_responses", queryset=MeasureResponse.objects.order_by("completed_at", "id")),
            Prefetch("imported_records", queryset=ImportedRecord.objects.all()),
        )
        .order_by("pk")
    )


# --- resources -------------------------------------------------------------------------------------------


def patient(client: Client, imported: dict[tuple[str, int], list[ImportedRecord]]) -> Resource:
    return {
        "resourceType": "Patient",
        "id": f"patient-{client.pk}",
        "identifier": [identifier("client", client.pk)] + _source_ids(imported, "client", client.pk),
        "active": client.is_active,
        "name": [{"text": client.display_name}],
    }


def practitioner(user: User) -> Resource:
    return {
        "resourceType": "Practitioner",
        "id": f"practitioner-{user.pk}",
        "identifier": [identifier("user", user.pk)],
        "active": user.is_active,
        "name": [{"text": user.full_name or user.email}],
    }


def _source_ids(imported, kind: str, pk: int) -> list[dict[str, str]]:
    return [{"system": r.system, "value": r.value} for r in imported.get((kind, pk), [])]


def _acceptance(goal: Goal, party: str, individual: dict[str, str]) -> Resource:
    if goal.accepted_by(party):
        status = "agree"
    elif goal.last_declined_by == party:
        status = "disagree"
    else:
        status = "pending"
    return {
        "url": codes.ACCEPTANCE_EXTENSION,
        "extension": [
            {"url": "individual", "valueReference": individual},
            {"url": "status", "valueCode": status},
        ],
    }


def goal_resource(
    goal: Goal, client: Client, therapist: User | None, imported: dict[tuple[str, int], list[ImportedRecord]]
) -> Resource:
    version = goal.agreed_version or goal.current_version
    assert version is not None  # every goal is created with its first version
    patient_ref = ref("Patient", f"patient-{client.pk}", client.display_name)
    resource: Resource = {
        "resourceType": "Goal",
        "id": f"goal-{goal.pk}",
        "identifier": [identifier("goal", goal.pk)] + _source_ids(imported, "goal", goal.pk),
        "lifecycleStatus": goal.lifecycle_status,
        "description": {"text": version.statement},
        "subject": patient_ref,
        "startDate": timezone.localtime(goal.created_at).date().isoformat(),
    }
    if goal.achievement_status:
        resource["achievementStatus"] = {
            "coding": [coding(codes.GOAL_ACHIEVEMENT_SYSTEM, goal.achievement_status)],
            "text": goal.get_achievement_status_display(),
        }
    if goal.proposed_by_party == Party.CLIENT:
        resource["expressedBy"] = patient_ref
    elif therapist is not None:
        resource["expressedBy"] = ref("Practitioner", f"practitioner-{therapist.pk}")
    if goal.client_words:
        resource["note"] = [{"authorReference": patient_ref, "text": goal.client_words}]
    target: Resource = {}
    if version.measure_kind or version.unit:
        target["measure"] = {
            "coding": [coding(codes.MEASURE_KIND_SYSTEM, version.measure_kind)]
            if version.measure_kind
            else [],
            "text": version.unit or version.get_measure_kind_display(),
        }
        if not target["measure"]["coding"]:
            del target["measure"]["coding"]
    if version.target is not None and "measure" in target:
        quantity: Resource = {"value": version.target}
        if version.unit:
            quantity["unit"] = version.unit
        target["detailQuantity"] = quantity
    if version.target_date:
        target["dueDate"] = version.target_date.isoformat()
    if target:
        resource["target"] = [target]
    extensions: list[Resource] = []
    for level, text in sorted(version.gas_descriptions().items(), reverse=True):
        if text:
            extensions.append(
                {
                    "url": codes.GAS_EXTENSION,
                    "extension": [
                        {
                            "url": "level",
                            "valueCoding": coding(
                                codes.LOINC, codes.GAS_ANSWER[level], codes.GAS_ANSWER_DISPLAY[level]
                            ),
                        },
                        {"url": "text", "valueString": text},
                    ],
                }
            )
    extensions.append(_acceptance(goal, Party.CLIENT, patient_ref))
    if therapist is not None:
        extensions.append(
            _acceptance(goal, Party.THERAPIST, ref("Practitioner", f"practitioner-{therapist.pk}"))
        )
    weight = [
        {"url": name, "valueInteger": value}
        for name, value in (
            ("client-importance", goal.client_importance),
            ("therapist-difficulty", goal.therapist_difficulty),
        )
        if value is not None
    ]
    if weight:
        extensions.append({"url": codes.GAS_WEIGHT_EXTENSION, "extension": weight})
    resource["extension"] = extensions
    return resource


def _observation(
    obs_id: str,
    code: Resource,
    client: Client,
    when: dt.datetime,
    *,
    focus: str | None = None,
    category: str = "survey",
) -> Resource:
    resource: Resource = {
        "resourceType": "Observation",
        "id": obs_id,
        "status": "final",
        "category": [{"coding": [coding(codes.OBSERVATION_CATEGORY, category)]}],
        "code": code,
        "subject": ref("Patient", f"patient-{client.pk}"),
        "effectiveDateTime": instant(when),
    }
    if focus:
        resource["focus"] = [ref("Goal", focus)]
    return resource


def _performer(party: str, user: User | None, client: Client) -> list[dict[str, str]]:
    if party == Party.CLIENT:
        return [ref("Patient", f"patient-{client.pk}")]
    if user is not None:
        return [ref("Practitioner", f"practitioner-{user.pk}")]
    return []


def goal_observations(
    goal: Goal, client: Client, imported: dict[tuple[str, int], list[ImportedRecord]]
) -> tuple[list[Resource], list[User]]:
    """GAS baseline and follow-ups per rater, progress values and ratings, readiness. Also the users who
    rated (they become Practitioners in the Bundle)."""
    resources: list[Resource] = []
    raters: list[User] = []
    version = goal.agreed_version or goal.current_version
    assert version is not None
    goal_id = f"goal-{goal.pk}"
    baseline = _observation(
        f"gas-baseline-{goal.pk}",
        {"coding": [coding(codes.LOINC, codes.GAS_BASELINE, "Goal attainment scale GAS baseline")]},
        client,
        version.created_at,
        focus=goal_id,
    )
    baseline["valueCodeableConcept"] = gas_concept(version.gas_baseline_level)
    resources.append(baseline)
    for rating in goal.gas_ratings.all():
        display = "Patient" if rating.party == Party.CLIENT else "Practitioner"
        obs = _observation(
            f"gas-{rating.pk}",
            {
                "coding": [
                    coding(
                        codes.LOINC,
                        codes.GAS_FOLLOW_UP[rating.party],
                        f"{display} follow-up goal attainment scaling score",
                    )
                ]
            },
            client,
            rating.rated_at,
            focus=goal_id,
        )
        obs["identifier"] = [identifier("gas-rating", rating.pk)] + _source_ids(
            imported, "gas-rating", rating.pk
        )
        obs["valueCodeableConcept"] = gas_concept(rating.level)
        performer = _performer(rating.party, rating.rated_by, client)
        if performer:
            obs["performer"] = performer
        if rating.party == Party.THERAPIST and rating.rated_by is not None:
            raters.append(rating.rated_by)
        if rating.note:
            obs["note"] = [{"text": rating.note}]
        resources.append(obs)
    for entry in goal.entries.all():
        if entry.value is None and entry.progress is None:
            continue
        obs = _observation(
            f"progress-{entry.pk}",
            {
                "coding": [coding(codes.ACCORD_CODES, codes.PROGRESS_VALUE, "Progress on the goal")],
                "text": version.unit or "Progress on the goal",
            },
            client,
            dt.datetime.combine(entry.recorded_on, dt.time(12), tzinfo=dt.UTC),
            focus=goal_id,
        )
        if entry.value is not None:
            quantity: Resource = {"value": entry.value}
            if version.unit:
                quantity["unit"] = version.unit
            obs["valueQuantity"] = quantity
        if entry.progress is not None:
            obs["component"] = [
                {
                    "code": {"coding": [coding(codes.ACCORD_CODES, codes.PROGRESS_RATING)]},
                    "valueInteger": entry.progress,
                }
            ]
        obs["performer"] = [ref("Patient", f"patient-{client.pk}")]
        resources.append(obs)
    for rating in goal.progress_ratings.all():
        obs = _observation(
            f"progress-rating-{rating.pk}",
            {
                "coding": [
                    coding(codes.ACCORD_CODES, codes.PROGRESS_RATING, "Progress towards the goal, 0–10")
                ]
            },
            client,
            rating.rated_at,
            focus=goal_id,
        )
        obs["valueInteger"] = rating.rating
        performer = _performer(rating.party, rating.rated_by, client)
        if performer:
            obs["performer"] = performer
        if rating.party == Party.THERAPIST and rating.rated_by is not None:
            raters.append(rating.rated_by)
        resources.append(obs)
    for readiness in goal.readiness.all():
        obs = _observation(
            f"readiness-{readiness.pk}",
            {"coding": [coding(codes.ACCORD_CODES, codes.READINESS, "Readiness ruler")]},
            client,
            readiness.rated_at,
            focus=goal_id,
        )
        obs["component"] = [
            {
                "code": {"coding": [coding(codes.ACCORD_CODES, name)]},
                "valueQuantity": {"value": value, "unit": f"{readiness.scale_min}–{readiness.scale_max}"},
            }
            for name, value in (
                (codes.READINESS_IMPORTANCE, readiness.importance),
                (codes.READINESS_CONFIDENCE, readiness.confidence),
            )
        ]
        resources.append(obs)
    return resources, raters


def questionnaire(instrument: Instrument) -> Resource:
    items = []
    for item in instrument.items:
        entry: Resource = {"linkId": item.key, "text": item.text}
        loinc = instrument.loinc.items.get(item.key) if instrument.loinc else None
        if loinc:
            entry["code"] = [coding(codes.LOINC, loinc)]
        if item.kind == "choice":
            entry["type"] = "choice"
            entry["answerOption"] = [
                {"valueCoding": {"code": str(option.value), "display": option.label}}
                for option in item.options
            ]
        elif item.kind == "scale":
            entry["type"] = "integer"
        else:
            entry["type"] = "string"
        entry["required"] = item.required
        items.append(entry)
    resource: Resource = {
        "resourceType": "Questionnaire",
        "id": f"questionnaire-{instrument.key}-{instrument.version}",
        "url": f"{codes.QUESTIONNAIRE_URL}{instrument.key}:{instrument.version}",
        "version": str(instrument.version),
        "title": instrument.title,
        "status": "active",
        "item": items,
    }
    if instrument.loinc and instrument.loinc.panel:
        resource["code"] = [coding(codes.LOINC, instrument.loinc.panel)]
    if instrument.licence:
        resource["copyright"] = instrument.licence
    return resource


def _answer(instrument: Instrument | None, key: str, value: Any) -> Resource:
    item = None
    if instrument is not None:
        try:
            item = instrument.item(key)
        except KeyError:
            item = None
    if item is not None and item.kind == "choice":
        return {"valueCoding": {"code": str(value), "display": item.label_for(value)}}
    if isinstance(value, bool) or not isinstance(value, int):
        return {"valueString": str(value)}
    return {"valueInteger": value}


def measure_resources(response: MeasureResponse, client: Client) -> list[Resource]:
    instrument = catalogue.instrument_version(response.instrument_key, response.instrument_version)
    resources: list[Resource] = []
    questionnaire_url = f"{codes.QUESTIONNAIRE_URL}{response.instrument_key}:{response.instrument_version}"
    if instrument is not None:
        resources.append(questionnaire(instrument))
    items = []
    for key, value in (response.answers or {}).items():
        values = value if isinstance(value, list) else [value]
        answers = [_answer(instrument, key, v) for v in values if v is not None and v != ""]
        if answers:
            items.append({"linkId": key, "answer": answers})
    qr: Resource = {
        "resourceType": "QuestionnaireResponse",
        "id": f"response-{response.pk}",
        "identifier": identifier("measure-response", response.pk),
        "questionnaire": questionnaire_url,
        "status": "completed",
        "subject": ref("Patient", f"patient-{client.pk}"),
        "authored": instant(response.completed_at),
        "item": items,
    }
    resources.append(qr)
    if response.total is not None:
        loinc_total = instrument.loinc.total if instrument and instrument.loinc else None
        code = (
            {"coding": [coding(codes.LOINC, loinc_total)], "text": f"{instrument.short_title} total"}
            if loinc_total and instrument
            else {
                "coding": [coding(codes.ACCORD_CODES, codes.MEASURE_TOTAL)],
                "text": f"{response.instrument_key} total",
            }
        )
        obs = _observation(f"measure-total-{response.pk}", code, client, response.completed_at)
        obs["valueInteger"] = response.total
        obs["derivedFrom"] = [ref("QuestionnaireResponse", f"response-{response.pk}")]
        if response.band_label:
            obs["interpretation"] = [{"text": response.band_label}]
        resources.append(obs)
    return resources


def add_client(builder: BundleBuilder, client: Client) -> None:
    imported: dict[tuple[str, int], list[ImportedRecord]] = defaultdict(list)
    for record in client.imported_records.all():
        imported[(record.object_kind, record.object_id)].append(record)
    builder.add(patient(client, imported))
    members = sorted(client.care_team.all(), key=lambda m: (not m.is_primary, m.pk))
    therapists = [m.therapist for m in members]
    primary = therapists[0] if therapists else None
    for therapist in therapists:
        builder.add(practitioner(therapist))
    goals = list(client.goals.all())
    later: list[Resource] = []
    for goal in goals:
        builder.add(goal_resource(goal, client, primary, imported))
        observations, raters = goal_observations(goal, client, imported)
        for rater in raters:
            builder.add(practitioner(rater))
        later.extend(observations)
    care_team: Resource = {
        "resourceType": "CareTeam",
        "id": f"careteam-{client.pk}",
        "status": "active" if client.is_active else "inactive",
        "subject": ref("Patient", f"patient-{client.pk}"),
        "participant": [
            {
                "role": [{"text": "Primary therapist" if m.is_primary else "Therapist"}],
                "member": ref("Practitioner", f"practitioner-{m.therapist_id}"),
            }
            for m in members
        ]
        + [{"role": [{"text": "Client"}], "member": ref("Patient", f"patient-{client.pk}")}],
    }
    builder.add(care_team)
    builder.add(
        {
            "resourceType": "CarePlan",
            "id": f"careplan-{client.pk}",
            "status": "active" if client.is_active else "completed",
            "intent": "plan",
            "title": "Goals agreed in therapy",
            "subject": ref("Patient", f"patient-{client.pk}"),
            "careTeam": [ref("CareTeam", f"careteam-{client.pk}")],
            "goal": [ref("Goal", f"goal-{g.pk}") for g in goals],
        }
    )
    for resource in later:
        builder.add(resource)
    for response in client.measure_responses.all():
        for resource in measure_resources(response, client):
            builder.add(resource)


def client_bundle(client: Client) -> Resource:
    builder = BundleBuilder()
    for loaded in _clients_loaded([client]):
        add_client(builder, loaded)
    return builder.bundle(f"client-{client.pk}")


def practice_bundle(practice: Practice) -> Resource:
    """Every active client of the practice (a deactivated client's data stays out of exports)."""
    builder = BundleBuilder()
    for loaded in _clients_loaded(Client.objects.filter(practice=practice, is_active=True)):
        add_client(builder, loaded)
    return builder.bundle(f"practice-{practice.pk}")
