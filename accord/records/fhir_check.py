"""Checks a FHIR R4 Bundle: structure with ``fhir.resources`` (R4B models, R4's field names), then the rules
that package does not check (CLINICAL.md): required code bindings, references that resolve inside the Bundle,
the Goal invariant gol-1, and the PCO IG's GAS extension and score codes.

Each problem names the resource and the field, e.g. ``Goal/goal-3 target[0].measure: …``. The exporter's
tests run every export through it and the importer refuses a Bundle with any problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from accord.records import codes

Resource = dict[str, Any]


class BundleProblem(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _structure(resource: Resource) -> list[str]:
    from fhir.resources.R4B import get_fhir_model_class

    name = f"{resource.get('resourceType', '?')}/{resource.get('id', '?')}"
    try:
        model = get_fhir_model_class(resource["resourceType"])
    except (KeyError, ValueError):
        return [f"{name} resourceType: not a FHIR R4 resource type"]
    try:
        model.model_validate({k: v for k, v in resource.items() if k != "resourceType"})
    except ValidationError as error:
        return [
            f"{name} {'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()[:10]
        ]
    return []


def _references(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference" and isinstance(inner, str):
                yield path or key, inner
            else:
                yield from _references(inner, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _references(inner, f"{path}[{index}]")


def resolver(entries: list[Resource]) -> dict[str, Resource]:
    """Every name a reference inside the Bundle may use for an entry: its fullUrl and ``Type/id``."""
    names: dict[str, Resource] = {}
    for entry in entries:
        resource = entry.get("resource") or {}
        if entry.get("fullUrl"):
            names[entry["fullUrl"]] = resource
        if resource.get("resourceType") and resource.get("id"):
            names[f"{resource['resourceType']}/{resource['id']}"] = resource
    return names


def _codes_of(concept: Any, system: str) -> list[str]:
    if not isinstance(concept, dict):
        return []
    return [c.get("code", "") for c in concept.get("coding") or [] if c.get("system") == system]


def _goal_rules(name: str, goal: Resource) -> list[str]:
    problems = []
    if goal.get("lifecycleStatus") not in codes.GOAL_LIFECYCLE:
        problems.append(f"{name} lifecycleStatus: not in the goal-status value set")
    for code in _codes_of(goal.get("achievementStatus"), codes.GOAL_ACHIEVEMENT_SYSTEM):
        if code not in codes.GOAL_ACHIEVEMENT:
            problems.append(f"{name} achievementStatus: {code!r} is not in the goal-achievement value set")
    for index, target in enumerate(goal.get("target") or []):
        has_detail = any(key.startswith("detail") for key in target)
        if has_detail and not target.get("measure"):
            problems.append(f"{name} target[{index}].measure: gol-1, a target with a detail needs a measure")
    levels_seen: set[str] = set()
    for index, extension in enumerate(goal.get("extension") or []):
        inner = {e.get("url"): e for e in extension.get("extension") or []}
        where = f"{name} extension[{index}]"
        if extension.get("url") == codes.GAS_EXTENSION:
            level = (inner.get("level") or {}).get("valueCoding") or {}
            if level.get("system") != codes.LOINC or level.get("code") not in codes.GAS_LEVEL_OF_ANSWER:
                problems.append(f"{where}.level: a LOINC GAS answer code (LL6900-6) is required")
            elif level["code"] in levels_seen:
                problems.append(f"{where}.level: {level['code']} is described twice")
            else:
                levels_seen.add(level["code"])
            if not (inner.get("text") or {}).get("valueString"):
                problems.append(f"{where}.text: the level's description is required")
        elif extension.get("url") == codes.ACCEPTANCE_EXTENSION:
            if not (inner.get("individual") or {}).get("valueReference"):
                problems.append(f"{where}.individual: required")
            status = (inner.get("status") or {}).get("valueCode")
            if status is not None and status not in codes.ACCEPTANCE_STATUSES:
                problems.append(f"{where}.status: {status!r} is not agree, disagree or pending")
    return problems


def _observation_rules(name: str, obs: Resource) -> list[str]:
    problems = []
    if obs.get("status") not in codes.OBSERVATION_STATUS:
        problems.append(f"{name} status: not in the observation-status value set")
    loinc = _codes_of(obs.get("code"), codes.LOINC)
    if any(code in codes.GAS_SCORE_CODES for code in loinc):
        answer = _codes_of(obs.get("valueCodeableConcept"), codes.LOINC)
        if not answer or answer[0] not in codes.GAS_LEVEL_OF_ANSWER:
            problems.append(f"{name} valueCodeableConcept: a GAS score needs a LOINC GAS answer code")
        if not obs.get("focus"):
            problems.append(f"{name} focus: a GAS score names the Goal it scores")
    return problems


def check_bundle(bundle: Any) -> list[str]:
    """Every problem found, or an empty list."""
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        return ["Bundle resourceType: the file is not a FHIR Bundle"]
    problems: list[str] = []
    entries = bundle.get("entry") or []
    if not isinstance(entries, list):
        return ["Bundle entry: must be a list"]
    shell = {k: v for k, v in bundle.items() if k != "entry"}
    problems.extend(_structure(shell))
    if bundle.get("type") not in codes.BUNDLE_TYPES:
        problems.append("Bundle type: not in the bundle-type value set")
    names = resolver(entries)
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            problems.append(f"Bundle entry[{index}].resource: missing")
            continue
        name = f"{resource.get('resourceType', '?')}/{resource.get('id', index)}"
        problems.extend(_structure(resource))
        for path, reference in _references(resource):
            if reference.startswith("#"):
                continue
            if reference not in names:
                problems.append(f"{name} {path}: {reference} is not in the Bundle")
        if resource.get("resourceType") == "Goal":
            problems.extend(_goal_rules(name, resource))
        elif resource.get("resourceType") == "Observation":
            problems.extend(_observation_rules(name, resource))
    return problems


def require_valid(bundle: Any) -> None:
    problems = check_bundle(bundle)
    if problems:
        raise BundleProblem(problems)
