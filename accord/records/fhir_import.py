"""A FHIR R4 Bundle from another system (or from Accord) → clients with goals, GAS levels and ratings.

``plan_import`` reads the Bundle (no database writes) and says what each resource would become, or why it is
skipped; ``accord.records.actions.import_fhir`` writes that plan in one transaction. The Bundle is checked
first (``fhir_check``): a malformed one is refused as a whole, naming the resource and the field.

What is imported: each Patient (a client of the practice, on the named therapist's care team), each Goal of
an imported Patient (statement, the client's words, statuses, target, the five GAS level descriptions, the
baseline level from its GAS baseline Observation, each party's acceptance, GAS weights), and each GAS
follow-up Observation (client's and therapist's). Everything else is skipped, and the report says so.
Identifiers make it idempotent: a resource whose identifier was imported before is skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime

from accord.goals.models import AchievementStatus, LifecycleStatus, MeasureKind, Party
from accord.records import codes
from accord.records.fhir_check import BundleProblem, check_bundle, resolver

Resource = dict[str, Any]
GAS_FIELDS = {-2: "gas_minus_2", -1: "gas_minus_1", 0: "gas_0", 1: "gas_plus_1", 2: "gas_plus_2"}


@dataclass
class PatientPlan:
    name: str
    label: str
    identifiers: list[tuple[str, str]]


@dataclass
class GoalPlan:
    label: str
    patient: str
    identifiers: list[tuple[str, str]]
    goal: dict[str, Any]
    version: dict[str, Any]
    accepted: dict[str, bool]


@dataclass
class RatingPlan:
    label: str
    goal: str
    identifiers: list[tuple[str, str]]
    party: str
    level: int
    rated_at: dt.datetime | None
    note: str


@dataclass
class ImportPlan:
    patients: dict[str, PatientPlan] = field(default_factory=dict)
    goals: dict[str, GoalPlan] = field(default_factory=dict)
    ratings: list[RatingPlan] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)


def label_of(resource: Resource, index: int) -> str:
    return f"{resource.get('resourceType', '?')}/{resource.get('id', f'entry-{index}')}"


def identifiers_of(resource: Resource, entry: Resource) -> list[tuple[str, str]]:
    found = resource.get("identifier") or []
    if isinstance(found, dict):
        found = [found]
    pairs = [(i.get("system", ""), str(i["value"])) for i in found if i.get("value")]
    if not pairs and entry.get("fullUrl"):
        pairs = [("urn:ietf:rfc:3986", entry["fullUrl"])]
    if not pairs and resource.get("id"):
        pairs = [(f"urn:fhir:{resource['resourceType']}", resource["id"])]
    return pairs


def _name(patient: Resource) -> str:
    for name in patient.get("name") or []:
        if name.get("text"):
            return name["text"]
        parts = [*(name.get("given") or []), name.get("family") or ""]
        joined = " ".join(p for p in parts if p).strip()
        if joined:
            return joined
    return "Imported client"


def _inner(extension: Resource) -> dict[str, Resource]:
    return {e.get("url"): e for e in extension.get("extension") or []}


def _level(concept: Any) -> int | None:
    for c in (concept or {}).get("coding") or []:
        if c.get("system") == codes.LOINC and c.get("code") in codes.GAS_LEVEL_OF_ANSWER:
            return codes.GAS_LEVEL_OF_ANSWER[c["code"]]
    return None


def _goal_plan(
    label: str, goal: Resource, patient_label: str, names: dict[str, Resource], baselines: dict[str, int]
) -> GoalPlan:
    version: dict[str, Any] = {"statement": ((goal.get("description") or {}).get("text") or "").strip()}
    if not version["statement"]:
        raise BundleProblem([f"{label} description.text: a goal needs its statement as text"])
    words = ""
    for note in goal.get("note") or []:
        author = (note.get("authorReference") or {}).get("reference", "")
        if (names.get(author) or {}).get("resourceType") == "Patient":
            words = note.get("text", "")
    expressed = (goal.get("expressedBy") or {}).get("reference", "")
    by_client = (names.get(expressed) or {}).get("resourceType") == "Patient"
    target = (goal.get("target") or [{}])[0]
    measure = target.get("measure") or {}
    for c in measure.get("coding") or []:
        if c.get("system") == codes.MEASURE_KIND_SYSTEM and c.get("code") in MeasureKind.values:
            version["measure_kind"] = c["code"]
    unit = (target.get("detailQuantity") or {}).get("unit") or measure.get("text") or ""
    if unit and unit != version.get("measure_kind"):
        version["unit"] = unit[:60]
    if (target.get("detailQuantity") or {}).get("value") is not None:
        version["target"] = float(target["detailQuantity"]["value"])
    if target.get("dueDate"):
        version["target_date"] = parse_date(target["dueDate"])
    accepted = {Party.CLIENT: False, Party.THERAPIST: False}
    importance = difficulty = None
    for extension in goal.get("extension") or []:
        inner = _inner(extension)
        if extension.get("url") == codes.GAS_EXTENSION:
            level = (inner.get("level") or {}).get("valueCoding", {}).get("code")
            version[GAS_FIELDS[codes.GAS_LEVEL_OF_ANSWER[level]]] = inner["text"]["valueString"][:500]
        elif extension.get("url") == codes.ACCEPTANCE_EXTENSION:
            who = (inner.get("individual") or {}).get("valueReference", {}).get("reference", "")
            kind = (names.get(who) or {}).get("resourceType")
            party = Party.CLIENT if kind == "Patient" else Party.THERAPIST
            accepted[party] = (inner.get("status") or {}).get("valueCode") == "agree"
        elif extension.get("url") == codes.GAS_WEIGHT_EXTENSION:
            importance = (inner.get("client-importance") or {}).get("valueInteger")
            difficulty = (inner.get("therapist-difficulty") or {}).get("valueInteger")
    version["gas_baseline_level"] = baselines.get(label, -1)
    achievement = ""
    for c in (goal.get("achievementStatus") or {}).get("coding") or []:
        if c.get("system") == codes.GOAL_ACHIEVEMENT_SYSTEM and c.get("code") in AchievementStatus.values:
            achievement = c["code"]
    lifecycle = goal.get("lifecycleStatus")
    goal_fields = {
        "proposed_by_party": Party.CLIENT if by_client else Party.THERAPIST,
        "client_words": words[:1000],
        "lifecycle_status": lifecycle if lifecycle in LifecycleStatus.values else LifecycleStatus.PROPOSED,
        "achievement_status": achievement,
        "client_importance": importance if importance in (0, 1, 2, 3) else None,
        "therapist_difficulty": difficulty if difficulty in (0, 1, 2, 3) else None,
    }
    return GoalPlan(label, patient_label, [], goal_fields, version, accepted)


def plan_import(bundle: Any) -> ImportPlan:
    """What the Bundle would become. Raises ``BundleProblem`` (naming resource and field) if it is malformed."""
    problems = check_bundle(bundle)
    if problems:
        raise BundleProblem(problems)
    entries = bundle.get("entry") or []
    names = resolver(entries)
    label_for = {id(entry["resource"]): label_of(entry["resource"], i) for i, entry in enumerate(entries)}

    def target_label(reference: dict | None) -> str | None:
        found = names.get((reference or {}).get("reference", ""))
        return label_for.get(id(found)) if found is not None else None

    plan = ImportPlan()
    baselines: dict[str, int] = {}
    for entry in entries:
        resource = entry["resource"]
        if resource["resourceType"] == "Observation" and codes.GAS_BASELINE in _codes(resource):
            goal_label = target_label((resource.get("focus") or [{}])[0])
            level = _level(resource.get("valueCodeableConcept"))
            if goal_label and level is not None:
                baselines[goal_label] = level
    for index, entry in enumerate(entries):
        resource = entry["resource"]
        label = label_for[id(resource)]
        kind = resource["resourceType"]
        if kind == "Patient":
            plan.patients[label] = PatientPlan(_name(resource)[:150], label, identifiers_of(resource, entry))
        elif kind == "Goal":
            patient_label = target_label(resource.get("subject"))
            if patient_label is None or not patient_label.startswith("Patient/"):
                plan.skipped.append({"resource": label, "why": "its subject is not a Patient in the Bundle"})
                continue
            goal_plan = _goal_plan(label, resource, patient_label, names, baselines)
            goal_plan.identifiers = identifiers_of(resource, entry)
            plan.goals[label] = goal_plan
        elif kind == "Observation" and set(_codes(resource)) & set(codes.GAS_PARTY_OF_CODE):
            code = next(c for c in _codes(resource) if c in codes.GAS_PARTY_OF_CODE)
            goal_label = target_label((resource.get("focus") or [{}])[0])
            level = _level(resource.get("valueCodeableConcept"))
            if goal_label is None or level is None:
                plan.skipped.append({"resource": label, "why": "a GAS score without its Goal or level"})
                continue
            when = resource.get("effectiveDateTime")
            plan.ratings.append(
                RatingPlan(
                    label,
                    goal_label,
                    identifiers_of(resource, entry),
                    codes.GAS_PARTY_OF_CODE[code],
                    level,
                    parse_datetime(when) if when else None,
                    "; ".join(n.get("text", "") for n in resource.get("note") or [])[:500],
                )
            )
        elif kind == "Observation" and codes.GAS_BASELINE in _codes(resource):
            continue  # read into its Goal above
        elif kind == "Observation" and codes.GAS_CAREGIVER_FOLLOW_UP in _codes(resource):
            plan.skipped.append({"resource": label, "why": "caregiver GAS scores have no place in Accord"})
        else:
            plan.skipped.append(
                {"resource": label, "why": f"{kind} is not imported (only Patient, Goal and GAS scores)"}
            )
    for rating in plan.ratings:
        if rating.goal not in plan.goals:
            plan.skipped.append({"resource": rating.label, "why": f"its goal {rating.goal} is not imported"})
    plan.ratings = [r for r in plan.ratings if r.goal in plan.goals]
    return plan


def _codes(resource: Resource) -> list[str]:
    return [c.get("code", "") for c in (resource.get("code") or {}).get("coding") or []]
