"""`accord manage rotate_mfa_keys`: re-encrypt every stored two-factor secret with the current key.

Run it after putting a new key first in ACCORD_MFA_KEYS (keeping the old one after it), then remove the old
key. It also encrypts secrets stored before encryption was turned on. Safe to run more than once.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from accord.accounts.mfa import reencrypt

SECRET_FIELDS = ("secret", "seed")


class Command(BaseCommand):
    help = "Re-encrypt every stored two-factor secret with the first key of ACCORD_MFA_KEYS."

    def handle(self, *args, **options) -> None:
        count = 0
        with transaction.atomic():
            for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
                data = dict(authenticator.data)
                for field in SECRET_FIELDS:
                    if isinstance(data.get(field), str):
                        data[field] = reencrypt(data[field])
                if isinstance(data.get("migrated_codes"), list):
                    data["migrated_codes"] = [reencrypt(code) for code in data["migrated_codes"]]
                authenticator.data = data
                authenticator.save(update_fields=["data"])
                count += 1
        self.stdout.write(f"Re-encrypted the secrets of {count} authenticator(s).")
