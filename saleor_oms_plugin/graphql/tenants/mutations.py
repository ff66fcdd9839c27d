"""``apiKeyCreate``, ``apiKeyRevoke`` and ``tenantImportStart``: thin edges over the tenants
services."""

from __future__ import annotations

from typing import Any

import graphene

from saleor_oms_plugin.graphql.core.mutations import Caller, PayloadErrors, mutation
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.locations.types import location_pk_or_none
from saleor_oms_plugin.graphql.permissions import MANAGE_APPS, Requires
from saleor_oms_plugin.graphql.tenants.types import (
    IMPORT_PERMISSIONS,
    OmsApiKey,
    OmsApiKeyError,
    OmsImport,
    OmsTenantImportError,
)
from saleor_oms_plugin.tenants import import_runs, services
from saleor_oms_plugin.tenants.errors import TenantError
from saleor_oms_plugin.tenants.selectors import import_run_get

API_KEY_ERRORS = PayloadErrors(OmsApiKeyError, TenantError)
IMPORT_ERRORS = PayloadErrors(OmsTenantImportError, TenantError)
# Staff only (in the Dashboard or with their own token): never an integration's key.
KEY_MANAGERS = Requires(MANAGE_APPS, staff_only=True)
IMPORTERS = Requires(*IMPORT_PERMISSIONS, staff_only=True)


class OmsApiKeyCreateInput(graphene.InputObjectType):
    name = graphene.String(required=True, description="1 to 120 characters.")
    permissions = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Saleor permission codes; each must be one the creator holds.",
    )
    location_id = graphene.ID(
        description="An OmsLocation ID: the key sees and acts on only this location's work "
        "(a 3PL's warehouse, a store). Null: the whole installation."
    )


class OmsApiKeyCreatePayload(graphene.ObjectType):
    api_key = graphene.Field(OmsApiKey)
    key = graphene.String(description="The secret, shown only in this response.")
    errors = API_KEY_ERRORS.field()


class OmsApiKeyRevokePayload(graphene.ObjectType):
    api_key = graphene.Field(OmsApiKey)
    errors = API_KEY_ERRORS.field()


class OmsTenantImportStartPayload(graphene.ObjectType):
    import_ = graphene.Field(OmsImport, name="import")
    errors = IMPORT_ERRORS.field()


def _running_import(caller: Caller) -> dict[str, Any]:
    return {"import_": import_run_get(tenant_id=caller.tenant.pk)}


class ApiKeyMutations(graphene.ObjectType):
    @mutation(
        OmsTenantImportStartPayload,
        access=IMPORTERS,
        errors=IMPORT_ERRORS,
        refused=_running_import,
        description="Import the store's warehouses, orders and stock from Saleor again (queued; "
        "safe to repeat). Refused with IMPORT_ALREADY_RUNNING while an import runs.",
    )
    def tenant_import_start(caller: Caller) -> OmsTenantImportStartPayload:
        run = import_runs.tenant_import_start(tenant_id=caller.tenant.pk, actor=caller.actor())
        return OmsTenantImportStartPayload(import_=run, errors=[])

    @mutation(
        OmsApiKeyCreatePayload,
        access=KEY_MANAGERS,
        errors=API_KEY_ERRORS,
        description="Create an API key.",
        input=OmsApiKeyCreateInput(required=True),
    )
    def api_key_create(caller: Caller, input: dict[str, Any]) -> OmsApiKeyCreatePayload:
        key, plain = services.api_key_create(
            tenant_id=caller.tenant.pk,
            name=input["name"],
            permissions=list(input["permissions"]),
            grantable=frozenset(caller.viewer.permissions),
            actor=caller.actor(),
            location_id=location_pk_or_none(input.get("location_id")),
        )
        return OmsApiKeyCreatePayload(api_key=key, key=plain, errors=[])

    @mutation(
        OmsApiKeyRevokePayload,
        access=KEY_MANAGERS,
        errors=API_KEY_ERRORS,
        description="Revoke an API key at once.",
        id=graphene.ID(required=True),
    )
    def api_key_revoke(caller: Caller, id: str) -> OmsApiKeyRevokePayload:
        key_id = pk_from_global_id(id, expected_type="OmsApiKey")
        key = services.api_key_revoke(
            tenant_id=caller.tenant.pk, key_id=key_id, actor=caller.actor()
        )
        return OmsApiKeyRevokePayload(api_key=key, errors=[])
