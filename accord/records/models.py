"""What the records app keeps of its own: the identifiers of records imported from other systems, so the same
Bundle imported twice changes nothing, and an exported record can name where it came from."""

from __future__ import annotations

from django.db import models

from accord.accounts.models import Client, Practice


class ImportedRecord(models.Model):
    """One FHIR resource another system sent, by its identifier, and the Accord row it became."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="imported_records")
    resource_type = models.CharField(max_length=40)
    system = models.CharField(max_length=300)
    value = models.CharField(max_length=200)
    # The Accord row: "client", "goal" or "gas-rating", and its id.
    object_kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["imported_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "resource_type", "system", "value"], name="imported_record_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource_type} {self.system}|{self.value}"
