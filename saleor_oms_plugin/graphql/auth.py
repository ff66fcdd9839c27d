"""Who is calling: Saleor-issued JWTs (staff, customers, Dashboard extensions) and API keys.

Saleor signs its tokens with the keys of the instance that issued them; the unverified ``iss``
only selects the tenant whose stored JWKS must then verify the signature, so a token can never
choose the keys it is checked against. Staff access tokens carry no permissions: they are asked
from that Saleor with the staff member's own token, once per token, and only when a resolver
needs them.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import jwt
from django.core.cache import cache
from django.http import HttpRequest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.graphql.errors import (
    AuthenticationFailed,
    OmsGraphQLError,
    OmsGraphQLErrorCode,
)
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import (
    SaleorAuthenticationError,
    SaleorError,
    SaleorPermissionDenied,
)
from saleor_oms_plugin.saleor.jwks import jwks_keys
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_get_active_by_api_url
from saleor_oms_plugin.tenants.services import (
    API_KEY_PREFIX,
    api_key_authenticate,
    tenant_refresh_jwks,
)

# Clocks of Saleor and of this service drift a little; Saleor's tokens live five minutes.
JWT_LEEWAY_SECONDS = 10
_STAFF_PERMISSIONS_CACHE_PREFIX = "oms:graphql:staff-permissions:"


class ViewerKind(StrEnum):
    STAFF = "staff"
    CUSTOMER = "customer"
    APP_EXTENSION = "app_extension"
    API_KEY = "api_key"
    ANONYMOUS = "anonymous"


@dataclass
class Viewer:
    kind: ViewerKind
    tenant: Tenant | None = None
    user_id: str = ""
    email: str = ""
    api_key_id: int | None = None
    # An API key scoped to one location: the only location whose work it sees and acts on.
    location_id: int | None = None
    _permissions: frozenset[str] | None = field(default=None, repr=False)
    # Staff permissions cost a call to Saleor: loaded on first use, not on every request.
    _load_permissions: Callable[[], frozenset[str]] | None = field(default=None, repr=False)

    @property
    def permissions(self) -> frozenset[str]:
        if self._permissions is None:
            loader = self._load_permissions
            self._permissions = loader() if loader is not None else frozenset()
        return self._permissions

    @property
    def is_authenticated(self) -> bool:
        return self.kind is not ViewerKind.ANONYMOUS and self.tenant is not None

    def actor(self) -> Actor:
        """Who the audit trail names for changes this viewer makes."""
        if self.kind is ViewerKind.API_KEY:
            return Actor(AuditEvent.ActorType.API_KEY, str(self.api_key_id))
        if self.kind is ViewerKind.CUSTOMER:
            return Actor(AuditEvent.ActorType.CUSTOMER, self.user_id)
        return Actor(AuditEvent.ActorType.STAFF, self.user_id)


def anonymous_viewer() -> Viewer:
    return Viewer(kind=ViewerKind.ANONYMOUS, _permissions=frozenset())


def authenticate(request: HttpRequest) -> Viewer:
    """The viewer behind a request; raises :class:`AuthenticationFailed` for bad credentials."""
    # An explicit X-Api-Key wins: proxies in front of integrations sometimes add their own
    # Authorization header.
    api_key = request.headers.get("X-Api-Key", "").strip()
    authorization = request.headers.get("Authorization", "").strip()
    if not api_key and authorization:
        scheme, _, credential = authorization.partition(" ")
        if scheme.lower() != "bearer" or not credential.strip():
            raise AuthenticationFailed(
                OmsGraphQLErrorCode.INVALID_TOKEN,
                "The Authorization header must be 'Bearer <token>'.",
            )
        credential = credential.strip()
        if credential.startswith(API_KEY_PREFIX):
            api_key = credential
        else:
            return _viewer_from_jwt(credential)
    if api_key:
        return _viewer_from_api_key(api_key)
    return anonymous_viewer()


def _viewer_from_api_key(plain: str) -> Viewer:
    key = api_key_authenticate(plain=plain)
    if key is None:
        raise AuthenticationFailed(
            OmsGraphQLErrorCode.INVALID_API_KEY, "The API key is unknown or has been revoked."
        )
    return Viewer(
        kind=ViewerKind.API_KEY,
        tenant=key.tenant,
        api_key_id=key.pk,
        location_id=key.location_id,
        _permissions=frozenset(key.permissions),
    )


def _invalid_token(message: str = "The token is invalid.") -> AuthenticationFailed:
    return AuthenticationFailed(OmsGraphQLErrorCode.INVALID_TOKEN, message)


def _viewer_from_jwt(token: str) -> Viewer:
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        raise _invalid_token("The token is not a JWT.") from None
    issuer = unverified.get("iss")
    tenant = tenant_get_active_by_api_url(api_url=issuer) if isinstance(issuer, str) else None
    if tenant is None:
        raise AuthenticationFailed(
            OmsGraphQLErrorCode.UNKNOWN_ISSUER,
            "The token was not issued by a Saleor using this app.",
        )
    claims = _verified_claims(token, tenant=tenant, kid=str(header.get("kid", "")))
    token_type = claims.get("type")
    if token_type == "thirdparty":
        return _app_extension_viewer(claims, tenant=tenant)
    if token_type == "access":
        if claims.get("is_staff") is True:
            return _staff_viewer(token, claims, tenant=tenant)
        return Viewer(
            kind=ViewerKind.CUSTOMER,
            tenant=tenant,
            user_id=str(claims.get("user_id") or ""),
            email=str(claims.get("email") or ""),
            _permissions=frozenset(),
        )
    # Refresh and other Saleor token types must never be usable as credentials here.
    raise _invalid_token("Only access and Dashboard (thirdparty) tokens are accepted.")


def _verified_claims(token: str, *, tenant: Tenant, kid: str) -> dict[str, Any]:
    key = jwks_keys(tenant.jwks).get(kid)
    if key is None:
        # Saleor may have rotated its keys since we stored them; refetching is rate-limited.
        refreshed = tenant_refresh_jwks(tenant_id=tenant.pk)
        key = jwks_keys(refreshed.jwks).get(kid) if refreshed is not None else None
    if key is None:
        raise _invalid_token("The token is signed with a key this Saleor does not publish.")
    try:
        return jwt.decode(
            token,
            key=key,
            algorithms=["RS256"],
            leeway=JWT_LEEWAY_SECONDS,
            options={"require": ["exp", "iss"]},
        )
    except jwt.ExpiredSignatureError:
        raise AuthenticationFailed(
            OmsGraphQLErrorCode.EXPIRED_TOKEN, "The token has expired."
        ) from None
    except jwt.InvalidTokenError:
        raise _invalid_token() from None


def _app_extension_viewer(claims: dict[str, Any], *, tenant: Tenant) -> Viewer:
    # A Dashboard token of another app of the same Saleor is validly signed too: it must be ours.
    if not tenant.saleor_app_id or claims.get("app") != tenant.saleor_app_id:
        raise AuthenticationFailed(
            OmsGraphQLErrorCode.TOKEN_APP_MISMATCH, "The Dashboard token was issued to another app."
        )
    permissions = claims.get("user_permissions") or []
    return Viewer(
        kind=ViewerKind.APP_EXTENSION,
        tenant=tenant,
        user_id=str(claims.get("user_id") or ""),
        email=str(claims.get("email") or ""),
        _permissions=frozenset(str(code) for code in permissions),
    )


def _staff_viewer(token: str, claims: dict[str, Any], *, tenant: Tenant) -> Viewer:
    expires_at = float(claims["exp"])
    return Viewer(
        kind=ViewerKind.STAFF,
        tenant=tenant,
        user_id=str(claims.get("user_id") or ""),
        email=str(claims.get("email") or ""),
        _load_permissions=lambda: staff_permissions(
            token=token, tenant=tenant, expires_at=expires_at
        ),
    )


def staff_permissions(*, token: str, tenant: Tenant, expires_at: float) -> frozenset[str]:
    """A staff member's Saleor permissions, cached until their token expires."""
    cache_key = _STAFF_PERMISSIONS_CACHE_PREFIX + hashlib.sha256(token.encode()).hexdigest()
    cached = cache.get(cache_key)
    if cached is not None:
        return frozenset(cached)
    try:
        data = SaleorClient(tenant.saleor_api_url, token).execute("queries/viewer_permissions")
    except (SaleorAuthenticationError, SaleorPermissionDenied):
        raise _invalid_token("Saleor no longer accepts this token.") from None
    except SaleorError as exc:
        raise OmsGraphQLError(
            OmsGraphQLErrorCode.SALEOR_UNAVAILABLE,
            "Saleor could not be asked for your permissions; try again shortly.",
        ) from exc
    me = data.get("me") or {}
    codes = (
        sorted(str(item["code"]) for item in me.get("userPermissions") or [])
        if me.get("isStaff")
        else []
    )
    ttl = int(expires_at - time.time())
    if ttl > 0:
        cache.set(cache_key, codes, timeout=ttl)
    return frozenset(codes)
