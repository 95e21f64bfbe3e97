"""Every write and every audited read of the records app: exports (recorded in the audit trail, with the
client's id only), the FHIR import (one transaction: all of it or nothing), backups."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

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
            assert goal.current_version is not None  # made with its version above, or imported before
            if _already(practice, "Observation", rating.identifiers) is not None:
                skipped.append({"resource": rating.label, "why": "imported before"})
                continue
            row = GasRating.objects.create(
                goal=goal,
                version=goal.version_now,
                party=rating.party,
                rated_by=therapist if rating.party == Party.THERAPIST else None,
                level=rating.level,
                note=rating.note,
            )
            if rating.rated_at is not None:
                GasRating.objects.filter(pk=row.pk).update(rated_at=rating.rated_at)  # the create bumped
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


def export_own_data(client: Client, actor: ActorLike) -> bytes:
    """The client's complete data as a zip: the FHIR Bundle, the JSON of everything (docs/records.md) and a
    readable PDF. Recorded as an export of this client's data."""
    import io
    import json
    import zipfile

    from accord.records.client_data import client_data
    from accord.records.pdf import client_data_pdf

    data = client_data(client)
    bundle = fhir_export.client_bundle(client)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("my-data.fhir.json", json.dumps(bundle, ensure_ascii=False, indent=2))
        archive.writestr("my-data.pdf", client_data_pdf(data))
        archive.writestr("README.txt", readme())
    record(
        Action.RECORDS_EXPORTED,
        actor=actor,
        obj=client,
        client=client,
        kind="export",
        detail={"format": "zip", "via": "own data download"},
    )
    return buffer.getvalue()


def readme() -> str:
    """The archive's README in the active language (the downloader's own)."""
    files = (
        ("my-data.pdf", _("everything below, to read or print")),
        (
            "my-data.json",
            _(
                "the same, for a computer: goals with every version, ratings, check-ins, messages, agenda, "
                "goal ideas, measures with their scores and wins (shape: docs/records.md)"
            ),
        ),
        (
            "my-data.fhir.json",
            _(
                "your goals, ratings and measures as a FHIR R4 Bundle, the health-record standard, which "
                "another clinic's system can import"
            ),
        ),
    )
    return "\n".join([_("Your data from Accord"), "", *(f"{name:<19}{text}" for name, text in files)]) + "\n"


def export_plan_pdf(client: Client, actor: ActorLike) -> bytes:
    """The printable treatment plan, recorded as an export of this client's data."""
    from accord.records.pdf import treatment_plan_pdf

    document = treatment_plan_pdf(client)
    record(
        Action.RECORDS_EXPORTED,
        actor=actor,
        obj=client,
        client=client,
        kind="export",
        detail={"format": "pdf", "via": "treatment plan"},
    )
    return document


# --- Erasure (GDPR Art. 17) -------------------------------------------------------------------------------

ERASURE_REASON_MAX = 500


class ErasureRefused(ValueError):
    pass


def _without_identity(reason: str, client: Client) -> str:
    """The reason as typed, minus the client's name and e-mail if the admin wrote them in."""
    cleaned = reason.strip()[:ERASURE_REASON_MAX]
    for needle in (
        client.display_name,
        getattr(client.user, "email", ""),
        getattr(client.user, "full_name", ""),
    ):
        if needle:
            cleaned = re.sub(re.escape(needle), "[client]", cleaned, flags=re.IGNORECASE)
    return cleaned


def erase_client(client: Client, actor: ActorLike, *, reason: str, via: str) -> dict[str, int]:
    """Erase ``client`` from Accord: every personal and clinical row in every app, the user account, its
    sessions and tokens (``records.erasure``); the audit trail's events about the client become stubs with no
    personal data, and one ``client.erased`` event records who erased which client id, when and why.

    Only an admin of the client's practice (or the operator's command, ``actor`` None) may do it."""
    who = _who(actor)
    if who is not None and not (
        getattr(who, "is_practice_admin", False) and who.practice_id == client.practice_id
    ):
        raise ErasureRefused("only an admin of the client's practice may erase a client")
    if not reason.strip():
        raise ErasureRefused("a reason is required")
    from accord.audit.erasure import scrub_for_erasure
    from accord.records.erasure import delete_everything

    client_id, practice = client.pk, client.practice
    user = client.user
    with transaction.atomic():
        scrubbed = scrub_for_erasure(
            client_id=client_id,
            practice_id=client.practice_id,
            user_id=client.user_id,
            name=client.display_name,
            email=getattr(user, "email", ""),
        )
        if user is not None and user.full_name and user.full_name != client.display_name:
            scrub_for_erasure(
                client_id=client_id,
                practice_id=client.practice_id,
                user_id=None,
                name=user.full_name,
                email="",
            )
        stated = _without_identity(reason, client)
        counts = delete_everything(client)
        record(
            Action.CLIENT_ERASED,
            actor=actor,
            practice=practice,
            kind="client record",
            detail={
                "erased_client": client_id,
                "reason": stated,
                "via": via,
                "audit_events_scrubbed": scrubbed,
                "deleted": {k: v for k, v in counts.items() if v},
            },
        )
    return counts


# --- Practice outcomes (audited reads) ---------------------------------------------------------------------


def practice_outcomes(practice: Practice, actor: ActorLike, *, kind: str, first, last, fmt: str):
    """The outcome report's rows (``records.outcomes``), recorded as a read of the practice's aggregated data
    (counts only leave; no client is named)."""
    from accord.records.outcomes import practice_outcomes as rows_for

    rows = rows_for(practice, kind, first, last)
    record(
        Action.RECORDS_EXPORTED if fmt == "csv" else Action.DATA_READ,
        actor=actor,
        practice=practice,
        kind="export",
        detail={"format": f"outcomes {fmt}", "per": kind, "from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}"},
    )
    return rows


def research_extract(practice: Practice, actor: ActorLike) -> list[dict[str, Any]]:
    from accord.records.outcomes import research_rows

    rows = research_rows(practice)
    record(
        Action.RECORDS_EXPORTED,
        actor=actor,
        practice=practice,
        kind="export",
        detail={"format": "research csv", "rows": len(rows)},
    )
    return rows
