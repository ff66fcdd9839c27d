"""Saleor's signing keys (JWKS) and the two things they verify.

Saleor signs webhook bodies with a detached, unencoded JWS (RFC 7797: ``b64: false``) and issues
RS256 JWTs for staff, customers and Dashboard extensions, all with the keys published at
``/.well-known/jwks.json`` of the instance.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from saleor_oms_plugin.core.json_body import JsonBodyError, json_loads_strict


class SignatureError(Exception):
    """The signature is malformed, made with an unknown key, or does not match the body."""


class UnknownKeyError(SignatureError):
    """The signature names a key id that is not in the JWKS (it may have been rotated)."""

    def __init__(self, kid: str) -> None:
        super().__init__(f"unknown signing key {kid!r}")
        self.kid = kid


def _b64url_decode(value: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise SignatureError("not base64url") from None


def _int_from_b64(value: str) -> int:
    return int.from_bytes(_b64url_decode(value), "big")


def jwks_keys(jwks: Mapping[str, Any]) -> dict[str, rsa.RSAPublicKey]:
    """The RSA verification keys of a JWKS by key id (other key types are ignored)."""
    return dict(_jwks_keys_cached(json.dumps(jwks, sort_keys=True)))


@lru_cache(maxsize=256)
def _jwks_keys_cached(jwks_text: str) -> tuple[tuple[str, rsa.RSAPublicKey], ...]:
    keys = []
    for jwk in json.loads(jwks_text).get("keys", []):
        if jwk.get("kty") != "RSA" or not jwk.get("n") or not jwk.get("e"):
            continue
        numbers = rsa.RSAPublicNumbers(e=_int_from_b64(jwk["e"]), n=_int_from_b64(jwk["n"]))
        keys.append((jwk.get("kid", ""), numbers.public_key()))
    return tuple(keys)


def validate_jwks(jwks: Any) -> dict[str, Any]:
    """Check that a document is a JWKS with at least one usable RSA key; return it."""
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise ValueError("a JWKS is a JSON object with a 'keys' list")
    try:
        usable = jwks_keys(jwks)
    except (ValueError, SignatureError, TypeError) as exc:
        raise ValueError(f"the JWKS holds a malformed key: {exc}") from None
    if not usable:
        raise ValueError("the JWKS holds no RSA key")
    return jwks


def verify_detached_jws(signature: str, body: bytes, keys: Mapping[str, rsa.RSAPublicKey]) -> str:
    """Verify Saleor's ``<header>..<signature>`` over the raw body; return the key id used."""
    parts = signature.split(".")
    if len(parts) != 3 or parts[1] != "" or not parts[0] or not parts[2]:
        raise SignatureError("not a detached JWS (<header>..<signature>)")
    encoded_header, _, encoded_signature = parts
    try:
        header = json_loads_strict(_b64url_decode(encoded_header))
    except JsonBodyError:
        raise SignatureError("the JWS header is not JSON") from None
    if not isinstance(header, dict) or header.get("alg") != "RS256":
        raise SignatureError("only RS256 signatures are accepted")
    crit = header.get("crit", [])
    if header.get("b64") is not False or not isinstance(crit, list) or "b64" not in crit:
        raise SignatureError("the JWS must have an unencoded payload (b64: false)")
    kid = header.get("kid", "")
    if not isinstance(kid, str):
        raise SignatureError("the JWS key id is not a string")
    key = keys.get(kid)
    if key is None:
        raise UnknownKeyError(kid)
    signing_input = encoded_header.encode("ascii") + b"." + body
    try:
        key.verify(
            _b64url_decode(encoded_signature), signing_input, padding.PKCS1v15(), hashes.SHA256()
        )
    except InvalidSignature:
        raise SignatureError("the signature does not match the body") from None
    return kid


def jwks_url_for(api_url: str) -> str:
    """Saleor publishes its keys at the root of the host that serves its API."""
    parts = urlsplit(api_url)
    return urlunsplit((parts.scheme, parts.netloc, "/.well-known/jwks.json", "", ""))
