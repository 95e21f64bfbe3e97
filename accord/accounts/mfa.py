"""Two-factor secrets encrypted at rest, with a key that lives outside the database.

allauth stores each authenticator app's TOTP secret and the seed of the recovery codes in the database, and
offers ``encrypt``/``decrypt`` hooks for exactly this. Accord encrypts them with Fernet (AES-128-CBC +
HMAC-SHA256, from the ``cryptography`` package) under the keys in ``ACCORD_MFA_KEYS``: the first key
encrypts, every key decrypts, so a key can be rotated by putting a new one first and running
``accord manage rotate_mfa_keys``. A backup of the database alone then holds no usable 2FA secret.

Without ``ACCORD_MFA_KEYS`` the key is derived from ``ACCORD_SECRET_KEY`` (and its fallbacks), which is also
outside the database; a separate key lets the two be rotated independently. Values stored before
encryption (no ``fernet:`` prefix) are still read, and ``rotate_mfa_keys`` encrypts them.
"""

from __future__ import annotations

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "fernet:"


def derived_key(secret: str) -> bytes:
    digest = hashlib.sha256(b"accord-mfa-secrets\x00" + secret.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def keys() -> list[bytes]:
    configured = [key.encode() for key in settings.ACCORD_MFA_KEYS]
    if configured:
        return configured
    return [derived_key(secret) for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]]


def cipher() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys()])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "ACCORD_MFA_KEYS must be Fernet keys (32 url-safe base64-encoded bytes each), comma-separated."
        ) from error


def encrypt(text: str) -> str:
    return PREFIX + cipher().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # stored before encryption was turned on
    try:
        return cipher().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A two-factor secret cannot be decrypted with any key in ACCORD_MFA_KEYS (or the secret keys it "
            "is derived from): was a key removed before `accord manage rotate_mfa_keys` ran?"
        ) from None


def reencrypt(stored: str) -> str:
    """The same secret, encrypted with the current first key."""
    return encrypt(decrypt(stored))


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt(encrypted_text)
