"""Installations: registration from Saleor, operator provisioning, JWKS, API keys, uninstall."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.crypto import decrypt_secret, encrypt_secret, hash_api_key
from saleor_oms_plugin.locations.selectors import location_get
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import (
    SaleorAuthenticationError,
    SaleorError,
    SaleorGraphQLError,
    SaleorPermissionDenied,
)
from saleor_oms_plugin.saleor.jwks import jwks_url_for, validate_jwks
from saleor_oms_plugin.tenants.error_codes import TenantErrorCode, TenantSettingsErrorCode
from saleor_oms_plugin.tenants.errors import SettingsProblem, TenantError, TenantSettingsError
from saleor_oms_plugin.tenants.events import TenantEvent
from saleor_oms_plugin.tenants.locks import lock_api_key, lock_tenant, lock_tenant_by_api_url
from saleor_oms_plugin.tenants.models import ApiKey, Tenant
from saleor_oms_plugin.tenants.saleor_urls import normalize_api_url, require_allowed
from saleor_oms_plugin.tenants.selectors import tenant_cache_forget
from saleor_oms_plugin.tenants.settings_changes import settings_changes_notify
from saleor_oms_plugin.tenants.settings_schema import (
    INSTALLATION_KEY,
    SECTIONS_BY_NAME,
    TenantSettings,
    setting_problem,
    setting_read,
    setting_spec,
    settings_parse,
)

logger = logging.getLogger(__name__)

API_KEY_PREFIX = "oms_"
# What an app token can be: it travels in an Authorization header (Saleor's are 30 letters and digits).
_TOKEN = re.compile(r"[!-~]{1,1024}")


@dataclass(frozen=True)
class SaleorIdentity:
    app_id: str
    shop_name: str
    saleor_version: str
    # What Saleor granted the app (the merchant may untick some of the manifest's at install).
    permissions: tuple[str, ...] = ()


def tenant_saleor_client(*, tenant: Tenant) -> SaleorClient:
    return SaleorClient(tenant.saleor_api_url, decrypt_secret(tenant.token_encrypted))


def saleor_identity_fetch(*, api_url: str, token: str) -> SaleorIdentity:
    """Ask Saleor who the token belongs to: proves the token and tells our app id."""
    try:
        # Saleor waits for our answer to complete the installation: one quick retry at most.
        data = SaleorClient(api_url, token, max_retries=1).execute("queries/app_identity")
    except (SaleorPermissionDenied, SaleorAuthenticationError):
        raise TenantError(
            TenantErrorCode.TOKEN_REJECTED,
            "Saleor did not accept the app token it sent us; please install again.",
            field="auth_token",
        ) from None
    except SaleorGraphQLError as exc:
        raise TenantError(
            TenantErrorCode.TOKEN_REJECTED, f"Saleor refused to identify the app: {exc}"
        ) from exc
    except SaleorError as exc:
        raise TenantError(
            TenantErrorCode.SALEOR_UNREACHABLE,
            f"The app could not reach Saleor at {api_url} to confirm the installation ({exc}).",
        ) from exc
    app = data.get("app") or {}
    if not app.get("id"):
        raise TenantError(
            TenantErrorCode.TOKEN_REJECTED, "Saleor did not say which app this token belongs to."
        )
    shop = data.get("shop") or {}
    return SaleorIdentity(
        app_id=app["id"],
        shop_name=shop.get("name") or "",
        saleor_version=shop.get("version") or "",
        permissions=tuple(
            sorted(p["code"] for p in app.get("permissions") or [] if p and p.get("code"))
        ),
    )


def saleor_jwks_fetch(*, api_url: str) -> dict[str, Any]:
    url = jwks_url_for(api_url)
    try:
        response = requests.get(
            url,
            timeout=(settings.SALEOR_CONNECT_TIMEOUT, settings.SALEOR_READ_TIMEOUT),
            headers={"Accept": "application/json"},
        )
        response.raise_for_status()
        return validate_jwks(response.json())
    except (requests.RequestException, ValueError) as exc:
        raise TenantError(
            TenantErrorCode.JWKS_UNAVAILABLE, f"Saleor's signing keys at {url} are unusable: {exc}"
        ) from exc


def tenant_register(
    *, api_url: str, auth_token: str, domain: str = "", schema_version: str = ""
) -> Tenant:
    """Complete an installation Saleor started (``POST /api/register``).

    The request is unsigned, so the URL must be allowed and the token must prove itself against
    that Saleor before anything is stored. Re-installing replaces the token and reactivates.
    """
    api_url = normalize_api_url(api_url)
    require_allowed(api_url)
    if not auth_token:
        raise TenantError(
            TenantErrorCode.MISSING_TOKEN, "auth_token is missing", field="auth_token"
        )
    if not _TOKEN.fullmatch(auth_token):
        # It would go to Saleor in an HTTP header, which cannot carry it.
        raise TenantError(
            TenantErrorCode.TOKEN_REJECTED,
            "auth_token is not a token Saleor issues (visible ASCII only)",
            field="auth_token",
        )
    identity = saleor_identity_fetch(api_url=api_url, token=auth_token)
    jwks = saleor_jwks_fetch(api_url=api_url)
    tenant = _tenant_store(
        api_url=api_url,
        token=auth_token,
        domain=domain,
        app_id=identity.app_id,
        jwks=jwks,
        name=identity.shop_name,
        saleor_version=identity.saleor_version or schema_version,
        actor=Actor.saleor(),
        permissions=identity.permissions,
    )
    _schedule_initial_import(tenant.pk, Actor.saleor())
    return tenant


def tenant_add(
    *,
    api_url: str,
    token: str,
    jwks: dict[str, Any] | None = None,
    app_id: str = "",
    name: str = "",
    run_import: bool = True,
    operator: str = "",
) -> Tenant:
    """Provision a tenant by hand. With a JWKS given nothing is fetched (offline provisioning)."""
    api_url = normalize_api_url(api_url)
    if not token:
        raise TenantError(TenantErrorCode.MISSING_TOKEN, "a token is required", field="token")
    permissions: tuple[str, ...] | None = None  # unknown when provisioned offline
    if jwks is None:
        identity = saleor_identity_fetch(api_url=api_url, token=token)
        app_id, name = app_id or identity.app_id, name or identity.shop_name
        permissions = identity.permissions
        jwks = saleor_jwks_fetch(api_url=api_url)
    else:
        try:
            validate_jwks(jwks)
        except ValueError as exc:
            raise TenantError(TenantErrorCode.INVALID_JWKS, str(exc), field="jwks") from None
    domain = api_url.split("/")[2]
    tenant = _tenant_store(
        api_url=api_url,
        token=token,
        domain=domain,
        app_id=app_id,
        jwks=jwks,
        name=name,
        saleor_version="",
        actor=Actor.operator(operator),
        permissions=permissions,
    )
    if run_import:
        _schedule_initial_import(tenant.pk, Actor.operator(operator))
    return tenant


def _tenant_store(
    *,
    api_url: str,
    token: str,
    domain: str,
    app_id: str,
    jwks: dict[str, Any],
    name: str,
    saleor_version: str,
    actor: Actor,
    permissions: tuple[str, ...] | None = None,
) -> Tenant:
    now = timezone.now()
    with transaction.atomic():
        tenant = lock_tenant_by_api_url(api_url)
        verb = TenantEvent.REINSTALLED if tenant else TenantEvent.INSTALLED
        if tenant is None:
            tenant = Tenant(saleor_api_url=api_url, installed_at=now)
        elif not tenant.is_active:
            tenant.installed_at = now
        tenant.saleor_domain = domain or tenant.saleor_domain
        tenant.saleor_app_id = app_id
        tenant.token_encrypted = encrypt_secret(token)
        tenant.jwks = jwks
        tenant.jwks_fetched_at = now
        tenant.is_active = True
        tenant.uninstalled_at = None
        tenant.name = name or tenant.name
        tenant.saleor_version = saleor_version or tenant.saleor_version
        data: dict[str, Any] = {"saleor_app_id": app_id, "saleor_version": tenant.saleor_version}
        if permissions is not None:
            # Kept beside the settings (not one of them): the onboarding checklist compares it
            # with what the manifest asks for.
            tenant.settings = {
                **(tenant.settings or {}),
                INSTALLATION_KEY: {"permissions": sorted(permissions)},
            }
            data["permissions"] = sorted(permissions)
        tenant.save()
        audit_record(tenant_id=tenant.pk, subject=tenant, verb=verb, actor=actor, data=data)
    return tenant


def _schedule_initial_import(tenant_id: int, actor: Actor) -> None:
    from saleor_oms_plugin.tenants.import_runs import tenant_import_start

    # A (re)installation always starts afresh: a run still going holds the old token.
    tenant_import_start(tenant_id=tenant_id, actor=actor, force=True)


def tenant_deactivate(*, tenant_id: int, actor: Actor, reason: str) -> bool:
    """The app was removed from Saleor: stop accepting its webhooks and forget its token.

    Data stays, so reinstalling resumes where the merchant left off; ``tenant_remove`` deletes.
    Returns False when the tenant was already inactive.
    """
    with transaction.atomic():
        changed = Tenant.objects.filter(pk=tenant_id, is_active=True).update(
            is_active=False, uninstalled_at=timezone.now(), token_encrypted=""
        )
        if changed:
            audit_record(
                tenant_id=tenant_id,
                subject=("oms_tenants.tenant", str(tenant_id)),
                verb=TenantEvent.UNINSTALLED,
                actor=actor,
                data={"reason": reason},
            )
    tenant_cache_forget()
    return bool(changed)


def tenant_remove(*, api_url: str) -> None:
    """Delete a tenant and, through cascades, every row of every domain that belongs to it."""
    deleted, _ = Tenant.objects.filter(saleor_api_url=normalize_api_url(api_url)).delete()
    tenant_cache_forget()
    if not deleted:
        raise TenantError(TenantErrorCode.NOT_FOUND, f"no tenant for {api_url}")


def tenant_refresh_jwks(*, tenant_id: int) -> Tenant | None:
    """Refetch a tenant's JWKS (its keys may have rotated), at most once per interval.

    The interval is claimed with one conditional UPDATE, so concurrent web workers that all see
    an unknown key id cause a single fetch. Returns the refreshed tenant, or None when the
    interval has not passed or the fetch failed.
    """
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.JWKS_REFETCH_MIN_SECONDS)
    claimed = (
        Tenant.objects.filter(pk=tenant_id, is_active=True)
        .filter(Q(jwks_fetched_at__isnull=True) | Q(jwks_fetched_at__lt=cutoff))
        .update(jwks_fetched_at=now)
    )
    if not claimed:
        return None
    tenant = Tenant.objects.get(pk=tenant_id)
    try:
        jwks = saleor_jwks_fetch(api_url=tenant.saleor_api_url)
    except TenantError:
        logger.warning("JWKS refetch failed for tenant %s", tenant_id, exc_info=True)
        return None
    if jwks != tenant.jwks:
        tenant.jwks = jwks
        tenant.save(update_fields=["jwks", "updated_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=tenant,
            verb=TenantEvent.JWKS_ROTATED,
            actor=Actor.system(),
            data={"kids": [key.get("kid") for key in jwks.get("keys", [])]},
        )
    return tenant


def api_key_create(
    *,
    tenant_id: int,
    name: str,
    permissions: list[str],
    grantable: frozenset[str],
    actor: Actor,
    location_id: int | None = None,
) -> tuple[ApiKey, str]:
    """Create an API key; the plain key is returned once and never stored.

    ``grantable`` is what the creator holds: nobody hands out more than they have. With
    ``location_id`` the key is scoped to that location of the tenant (a 3PL's or a store's).
    """
    name = name.strip()
    if not name or len(name) > 120:
        raise TenantError(
            TenantErrorCode.INVALID_NAME, "a key needs a name of 1 to 120 characters", field="name"
        )
    missing = sorted(set(permissions) - grantable)
    if missing:
        raise TenantError(
            TenantErrorCode.INVALID_PERMISSIONS,
            "You cannot grant permissions you do not hold: " + ", ".join(missing),
            field="permissions",
        )
    if location_id is not None and location_get(tenant_id=tenant_id, pk=location_id) is None:
        raise TenantError(TenantErrorCode.NOT_FOUND, "No such location.", field="location_id")
    plain = API_KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        key = ApiKey.objects.create(
            tenant_id=tenant_id,
            name=name,
            prefix=plain[:12],
            key_hash=hash_api_key(plain),
            permissions=sorted(set(permissions)),
            location_id=location_id,
            created_by=actor.id,
        )
        audit_record(
            tenant_id=tenant_id,
            subject=key,
            verb=TenantEvent.API_KEY_CREATED,
            actor=actor,
            data={"name": name, "permissions": key.permissions, "location_id": location_id},
        )
    return key, plain


def api_key_revoke(*, tenant_id: int, key_id: int, actor: Actor) -> ApiKey:
    with transaction.atomic():
        key = lock_api_key(tenant_id, key_id)
        if key is None:
            raise TenantError(TenantErrorCode.NOT_FOUND, "no such API key", field="id")
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            audit_record(
                tenant_id=tenant_id, subject=key, verb=TenantEvent.API_KEY_REVOKED, actor=actor
            )
    return key


def api_key_authenticate(*, plain: str) -> ApiKey | None:
    """The live key for a presented secret, with its tenant; None for unknown or revoked keys."""
    if not plain.startswith(API_KEY_PREFIX):
        return None
    key = (
        ApiKey.objects.select_related("tenant", "location")
        .filter(key_hash=hash_api_key(plain), revoked_at__isnull=True, tenant__is_active=True)
        .first()
    )
    if key is not None:
        now = timezone.now()
        # Touch last_used_at at most once a minute: keys on hot integrations stay write-free.
        if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


def tenant_settings_update(
    *, tenant_id: int, changes: Mapping[str, Mapping[str, Any]], actor: Actor
) -> TenantSettings:
    """Change some settings; the others keep their values. ``None`` resets one to its default.

    ``changes`` is ``{section: {key: value}}`` as in ``settings_schema``. Every value is checked
    before anything is stored and every problem is reported (``TenantSettingsError``), so a
    refused update changes nothing. The tenant row is locked while its JSON is merged: two
    concurrent updates of different keys both survive. Changed keys are audited with their
    effective values before and after; listeners learn of them after commit.
    """
    problems = _settings_problems(changes)
    if problems:
        raise TenantSettingsError(problems)
    with transaction.atomic():
        tenant = lock_tenant(tenant_id)
        if tenant is None:
            raise TenantError(TenantErrorCode.NOT_FOUND, "no such installation")
        stored: dict[str, Any] = dict(tenant.settings) if isinstance(tenant.settings, dict) else {}
        diff: dict[str, dict[str, Any]] = {}
        for section, values in changes.items():
            raw = stored.get(section)
            current = dict(raw) if isinstance(raw, dict) else {}
            for key, value in values.items():
                spec = setting_spec(section, key)
                assert spec is not None  # checked above
                before = current.get(key)
                if value is None:
                    current.pop(key, None)
                else:
                    current[key] = value
                if before == value and type(before) is type(value):
                    continue  # already so (True == 1, but a bool is not a number)
                diff[spec.path] = {
                    "before": setting_read(spec, before),
                    "after": setting_read(spec, current.get(key)),
                }
            if current:
                stored[section] = current
            else:
                stored.pop(section, None)
        effective = settings_parse(stored)
        problems = _consistency_problems(effective, touched=set(changes))
        if problems:
            raise TenantSettingsError(problems)
        if diff:
            tenant.settings = stored
            tenant.save(update_fields=["settings", "updated_at"])
            audit_record(
                tenant_id=tenant_id,
                subject=tenant,
                verb=TenantEvent.SETTINGS_UPDATED,
                actor=actor,
                data={"changes": diff},
            )
            paths = frozenset(diff)
            transaction.on_commit(lambda: settings_changes_notify(tenant_id=tenant_id, paths=paths))
    if diff:
        tenant_cache_forget()  # webhook intake must not act on the old settings in this process
    return effective


def _settings_problems(changes: Mapping[str, Mapping[str, Any]]) -> list[SettingsProblem]:
    problems: list[SettingsProblem] = []
    for section, values in changes.items():
        if section not in SECTIONS_BY_NAME or not isinstance(values, Mapping):
            problems.append(
                SettingsProblem(
                    section, TenantSettingsErrorCode.UNKNOWN_SETTING, "No such settings section."
                )
            )
            continue
        for key, value in values.items():
            spec = setting_spec(section, key)
            if spec is None:
                problems.append(
                    SettingsProblem(
                        f"{section}.{key}",
                        TenantSettingsErrorCode.UNKNOWN_SETTING,
                        "No such setting.",
                    )
                )
                continue
            problem = setting_problem(spec, value)
            if problem is not None:
                problems.append(SettingsProblem(spec.path, problem[0], problem[1]))
    return problems


def _consistency_problems(settings: TenantSettings, *, touched: set[str]) -> list[SettingsProblem]:
    """Rules across keys, checked on the merged result (only for the sections changed, so a
    legacy value elsewhere never blocks an unrelated change)."""
    if "replenishment" not in touched:
        return []
    reorder, target = settings.replenishment.reorder_point, settings.replenishment.target_level
    code = TenantSettingsErrorCode.INCONSISTENT
    if reorder is not None and target is None:
        return [SettingsProblem("replenishment.target_level", code, "Set a target level too.")]
    if target is not None and reorder is None:
        return [SettingsProblem("replenishment.reorder_point", code, "Set a reorder point too.")]
    if reorder is not None and target is not None and target < reorder:
        return [
            SettingsProblem(
                "replenishment.target_level",
                code,
                "The target level must be at least the reorder point.",
            )
        ]
    return []
