"""``apiKeyCreate``, ``apiKeyRevoke`` and ``tenantImportStart``: thin edges over the tenants
services."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.mutations import errors_from
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.permissions import MANAGE_APPS, require_any
from saleor_oms_plugin.graphql.tenants.types import (
    API_KEY_MANAGER_KINDS,
    IMPORT_PERMISSIONS,
    OmsApiKey,
    OmsApiKeyError,
    OmsImport,
    OmsTenantImportError,
)
from saleor_oms_plugin.tenants.errors import TenantError
from saleor_oms_plugin.tenants.import_runs import tenant_import_start
from saleor_oms_plugin.tenants.selectors import import_run_get
from saleor_oms_plugin.tenants.services import api_key_create, api_key_revoke


class OmsApiKeyCreateInput(graphene.InputObjectType):
    name = graphene.String(required=True, description="1 to 120 characters.")
    permissions = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Saleor permission codes; each must be one the creator holds.",
    )


class OmsApiKeyCreatePayload(graphene.ObjectType):
    api_key = graphene.Field(OmsApiKey)
    key = graphene.String(description="The secret, shown only in this response.")
    errors = graphene.List(graphene.NonNull(OmsApiKeyError), required=True)


class OmsApiKeyRevokePayload(graphene.ObjectType):
    api_key = graphene.Field(OmsApiKey)
    errors = graphene.List(graphene.NonNull(OmsApiKeyError), required=True)


class OmsTenantImportStartPayload(graphene.ObjectType):
    import_ = graphene.Field(OmsImport, name="import")
    errors = graphene.List(graphene.NonNull(OmsTenantImportError), required=True)


class ApiKeyMutations(graphene.ObjectType):
    tenant_import_start = graphene.Field(
        graphene.NonNull(OmsTenantImportStartPayload),
        description=(
            "Import the store's warehouses, orders and stock from Saleor again (queued; safe "
            "to repeat). Refused with IMPORT_ALREADY_RUNNING while an import runs. Staff with "
            "MANAGE_APPS or MANAGE_ORDERS."
        ),
    )

    api_key_create = graphene.Field(
        graphene.NonNull(OmsApiKeyCreatePayload),
        input=OmsApiKeyCreateInput(required=True),
        description="Create an API key. Staff with MANAGE_APPS.",
    )
    api_key_revoke = graphene.Field(
        graphene.NonNull(OmsApiKeyRevokePayload),
        id=graphene.ID(required=True),
        description="Revoke an API key at once. Staff with MANAGE_APPS.",
    )

    @staticmethod
    def resolve_api_key_create(
        root: Any, info: GraphQLResolveInfo, input: dict[str, Any]
    ) -> OmsApiKeyCreatePayload:
        viewer, tenant = require_any(info, [MANAGE_APPS], kinds=API_KEY_MANAGER_KINDS)
        try:
            key, plain = api_key_create(
                tenant_id=tenant.pk,
                name=input["name"],
                permissions=list(input["permissions"]),
                grantable=frozenset(viewer.permissions),
                actor=viewer.actor(),
            )
        except TenantError as exc:
            return OmsApiKeyCreatePayload(errors=errors_from(exc, OmsApiKeyError))
        return OmsApiKeyCreatePayload(api_key=key, key=plain, errors=[])

    @staticmethod
    def resolve_api_key_revoke(
        root: Any, info: GraphQLResolveInfo, id: str
    ) -> OmsApiKeyRevokePayload:
        viewer, tenant = require_any(info, [MANAGE_APPS], kinds=API_KEY_MANAGER_KINDS)
        key_id = pk_from_global_id(id, expected_type="OmsApiKey")
        try:
            key = api_key_revoke(tenant_id=tenant.pk, key_id=key_id, actor=viewer.actor())
        except TenantError as exc:
            return OmsApiKeyRevokePayload(errors=errors_from(exc, OmsApiKeyError))
        return OmsApiKeyRevokePayload(api_key=key, errors=[])

    @staticmethod
    def resolve_tenant_import_start(
        root: Any, info: GraphQLResolveInfo
    ) -> OmsTenantImportStartPayload:
        # Staff only (in the Dashboard or with their own token): not an integration's key.
        viewer, tenant = require_any(info, IMPORT_PERMISSIONS, kinds=API_KEY_MANAGER_KINDS)
        try:
            run = tenant_import_start(tenant_id=tenant.pk, actor=viewer.actor())
        except TenantError as exc:
            return OmsTenantImportStartPayload(
                import_=import_run_get(tenant_id=tenant.pk),
                errors=errors_from(exc, OmsTenantImportError),
            )
        return OmsTenantImportStartPayload(import_=run, errors=[])
