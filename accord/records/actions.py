"""Every write and every audited read of the records app: exports (recorded in the audit trail, with the
client's id only), the FHIR import (one transaction: all of it or nothing), backups."""

from __future__ import annotations

from typing import Any

from accord.accounts.actors import ActorLike
from accord.accounts.models import Client, Practice
from accord.audit.models import Action
from accord.audit.recording import record
from accord.records import fhir_export


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
