"""Encryption of secrets at rest (Saleor app tokens) and hashing of API keys."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.TOKEN_ENCRYPTION_KEYS))


def encrypt_secret(plain: str) -> str:
    return _current().encrypt(plain.encode()).decode()


def decrypt_secret(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable(
            "a stored secret cannot be decrypted with TOKEN_ENCRYPTION_KEYS"
        ) from None


def reencrypt_secret(token: str) -> str:
    """The same secret under the first (current) key, for key rotation."""
    return _current().rotate(token.encode()).decode()


class SecretUnreadable(RuntimeError):
    pass


def hash_api_key(key: str) -> str:
    """API keys are 256-bit random strings: SHA-256 is enough, no slow KDF is needed."""
    return hashlib.sha256(key.encode()).hexdigest()
