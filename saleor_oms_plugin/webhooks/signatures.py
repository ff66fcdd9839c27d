"""Whether a body was signed by the tenant's Saleor (``Saleor-Signature``, a detached JWS), and
the payload it carries: what every delivery, stored or answered at once, goes through first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from saleor_oms_plugin.core.json_body import JsonBodyError, json_loads_strict
from saleor_oms_plugin.saleor.jwks import (
    SignatureError,
    UnknownKeyError,
    jwks_keys,
    verify_detached_jws,
)
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_get_active_cached
from saleor_oms_plugin.tenants.services import tenant_refresh_jwks
from saleor_oms_plugin.webhooks.error_codes import IntakeErrorCode
from saleor_oms_plugin.webhooks.errors import IntakeError


def signature_verify(tenant: Tenant, signature: str, body: bytes) -> None:
    """Raise IntakeError unless ``signature`` signs ``body`` with one of the tenant's keys."""
    if not signature:
        raise IntakeError(IntakeErrorCode.MISSING_SIGNATURE, "Saleor-Signature is missing")
    try:
        verify_detached_jws(signature, body, jwks_keys(tenant.jwks))
        return
    except UnknownKeyError:
        # Saleor may have rotated its keys: refetch once (rate-limited) and try again.
        refreshed = tenant_refresh_jwks(tenant_id=tenant.pk)
        if refreshed is None:
            raise IntakeError(
                IntakeErrorCode.INVALID_SIGNATURE, "signed with a key this tenant does not have"
            ) from None
        tenant.jwks = refreshed.jwks
    except SignatureError as exc:
        raise IntakeError(IntakeErrorCode.INVALID_SIGNATURE, str(exc)) from None
    try:
        verify_detached_jws(signature, body, jwks_keys(tenant.jwks))
    except SignatureError as exc:
        raise IntakeError(IntakeErrorCode.INVALID_SIGNATURE, str(exc)) from None


@dataclass(frozen=True)
class Opened:
    tenant: Tenant
    text: str  # the body, decoded
    payload: dict[str, Any]


def delivery_open(*, api_url: str, signature: str, body: bytes) -> Opened:
    """The tenant whose Saleor signed ``body`` and the JSON object it holds; IntakeError for an
    unknown tenant, a missing or bad signature, or a body that is not a JSON object."""
    tenant = tenant_get_active_cached(api_url=api_url) if api_url else None
    if tenant is None:
        raise IntakeError(IntakeErrorCode.UNKNOWN_TENANT, "no active installation for this Saleor")
    signature_verify(tenant, signature, body)
    try:
        payload = json_loads_strict(body)
    except JsonBodyError as exc:
        raise IntakeError(IntakeErrorCode.INVALID_BODY, f"the body {exc}") from None
    text = body.decode("utf-8")
    if not isinstance(payload, dict):
        raise IntakeError(IntakeErrorCode.INVALID_BODY, "the body is not a JSON object")
    return Opened(tenant, text, payload)


def payload_type_check(
    payload: Mapping[str, Any], event: str, events_by_type: Mapping[str, str]
) -> None:
    """A payload's ``__typename`` (when it has one) must be the event's own type."""
    type_name = payload.get("__typename")
    if type_name is None:
        return
    if not isinstance(type_name, str):
        raise IntakeError(IntakeErrorCode.INVALID_BODY, "__typename is not a string")
    if events_by_type.get(type_name) != event:
        raise IntakeError(
            IntakeErrorCode.INVALID_BODY, f"a {type_name} payload does not belong to {event}"
        )
