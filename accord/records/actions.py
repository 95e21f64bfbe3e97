"""Every write and every audited read of the records app: exports (recorded in the audit trail, with the
client's id only), the FHIR import (one transaction: all of it or nothing), backups."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accord.accounts.actors import ActorLike
from accord.accounts.models import CareTeamMember, Client, Practice, User
from accord.audit.models import Action
from accord.audit.recording import record
from accord.goals.models import GasRating, Goal, GoalVersion, Party
from accord.records import fhir_export
from accord.records.fhir_check import BundleProblem
from accord.records.fhir_import import plan_import
from accord.records.models import ImportedRecord


def _who(actor: ActorLike | None):
    return getattr(actor, "user", actor)


def export_client_fhir(client: Client, actor: ActorLike | None, *, via: str) -> dict[str, Any]:
    """The client's record as a FHIR Bundle, recorded as an export of this client's data."""
    bundle = fhir_export.client_bundle(client)
    record(
        Action.RECORDS_EXPORTED,
        actor=actor,
        obj=client,
        client=client,
        kind="export",
        detail={"format": "fhir", "via": via, "resources": len(bundle["entry"])},
    )
    return bundle


def export_practice_fhir(practice: Practice, actor: ActorLike | None, *, via: str) -> dict[str, Any]:
    bundle = fhir_export.practice_bundle(practice)
    clients = sorted(
        int(entry["resource"]["id"].removeprefix("patient-"))
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Patient"
    )
    record(
        Action.RECORDS_EXPORTED,
        actor=actor,
        practice=practice,
        kind="export",
        detail={"format": "fhir", "via": via, "scope": "practice", "clients": clients},
    )
    return bundle


class ImportRefused(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _already(
    practice: Practice, resource_type: str, identifiers: list[tuple[str, str]]
) -> ImportedRecord | None:
    for system, value in identifiers:
        found = ImportedRecord.objects.filter(
            practice=practice, resource_type=resource_type, system=system, value=value
        ).first()
        if found is not None:
            return found
    return None


def _remember(practice, client, resource_type, identifiers, kind, pk) -> None:
    for system, value in identifiers:
        ImportedRecord.objects.get_or_create(
            practice=practice,
            resource_type=resource_type,
            system=system,
            value=value,
            defaults={"client": client, "object_kind": kind, "object_id": pk},
        )


def import_fhir(
    bundle: Any, practice: Practice, *, therapist: User | None, actor: ActorLike | None, via: str
) -> dict[str, list[dict[str, str]]]:
    """Import a Bundle's Patients, Goals and GAS scores into ``practice`` in one transaction, and report what
    was imported and what was skipped and why. The same Bundle twice changes nothing (identifiers). A
    malformed Bundle raises ``ImportRefused`` naming each resource and field; then nothing is saved."""
    try:
        plan = plan_import(bundle)
    except BundleProblem as problem:
        record(
            Action.RECORDS_IMPORT_REFUSED,
            actor=actor,
            practice=practice,
            kind="export",
            detail={"via": via, "problems": len(problem.problems)},
        )
        raise ImportRefused(problem.problems) from problem
    if therapist is not None and (therapist.practice_id != practice.pk or not therapist.is_therapist):
        raise ImportRefused(["--therapist: not a therapist of this practice"])
    imported: list[dict[str, str]] = []
    skipped = list(plan.skipped)
    with transaction.atomic():
        clients: dict[str, Client] = {}
        for label, patient in plan.patients.items():
            earlier = _already(practice, "Patient", patient.identifiers)
            if earlier is not None:
                clients[label] = earlier.client
                skipped.append({"resource": label, "why": f"imported before, as client {earlier.client_id}"})
                continue
            client = Client.objects.create(
                practice=practice, display_name=patient.name, created_by=_who(actor)
            )
            if therapist is not None:
                CareTeamMember.objects.create(client=client, therapist=therapist, is_primary=True)
            _remember(practice, client, "Patient", patient.identifiers, "client", client.pk)
            clients[label] = client
            imported.append({"resource": label, "as": f"client {client.pk}"})
        goals: dict[str, Goal] = {}
        for label, plan_goal in plan.goals.items():
            client = clients[plan_goal.patient]
            earlier = _already(practice, "Goal", plan_goal.identifiers)
            if earlier is not None:
                goals[label] = Goal.objects.get(pk=earlier.object_id)
                skipped.append({"resource": label, "why": f"imported before, as goal {earlier.object_id}"})
                continue
            goal = Goal.objects.create(client=client, proposed_by=therapist, **plan_goal.goal)
            version = GoalVersion.objects.create(
                goal=goal,
                number=1,
                created_by=therapist,
                created_by_party=Party.THERAPIST,
                reason="Imported from FHIR",
                **plan_goal.version,
            )
            goal.current_version = version
            goal.client_accepted_number = 1 if plan_goal.accepted[Party.CLIENT] else None
            goal.therapist_accepted_number = 1 if plan_goal.accepted[Party.THERAPIST] else None
            if goal.is_agreed:
                goal.agreed_version = version
            goal.save()
            _remember(practice, client, "Goal", plan_goal.identifiers, "goal", goal.pk)
            goals[label] = goal
            imported.append({"resource": label, "as": f"goal {goal.pk}"})
        for rating in plan.ratings:
            goal = goals[rating.goal]
            if _already(practice, "Observation", rating.identifiers) is not None:
                skipped.append({"resource": rating.label, "why": "imported before"})
                continue
            row = GasRating.objects.create(
                goal=goal,
                version_id=goal.current_version_id,
                party=rating.party,
                rated_by=therapist if rating.party == Party.THERAPIST else None,
                level=rating.level,
                note=rating.note,
            )
            if rating.rated_at is not None:
                GasRating.objects.filter(pk=row.pk).update(rated_at=rating.rated_at)
            _remember(practice, goal.client, "Observation", rating.identifiers, "gas-rating", row.pk)
            imported.append({"resource": rating.label, "as": f"GAS rating {row.pk}"})
        record(
            Action.RECORDS_IMPORTED,
            actor=actor,
            practice=practice,
            kind="export",
            detail={
                "via": via,
                "imported": len(imported),
                "skipped": len(skipped),
                "clients": sorted({c.pk for c in clients.values()}),
            },
        )
    return {"imported": imported, "skipped": skipped}
