"""Whether a body was signed by the tenant's Saleor (``Saleor-Signature``, a detached JWS)."""

from __future__ import annotations

from saleor_oms_plugin.saleor.jwks import (
    SignatureError,
    UnknownKeyError,
    jwks_keys,
    verify_detached_jws,
)
from saleor_oms_plugin.tenants.models import Tenant
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
