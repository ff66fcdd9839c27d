"""GraphQL types of installations, viewers and API keys."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.auth import Viewer, ViewerKind
from saleor_oms_plugin.graphql.core.mutations import error_type
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.relay import Node, instances_of
from saleor_oms_plugin.graphql.locations.types import OmsLocation
from saleor_oms_plugin.graphql.permissions import MANAGE_APPS, MANAGE_ORDERS, require_any
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.locations.selectors import location_get
from saleor_oms_plugin.tenants.error_codes import TenantErrorCode
from saleor_oms_plugin.tenants.import_results import KIND_LOCATION, KIND_ORDER, KIND_VARIANT
from saleor_oms_plugin.tenants.models import ApiKey, ImportRun, Tenant
from saleor_oms_plugin.tenants.selectors import api_key_list, import_run_get

OmsViewerKind = graphene.Enum(
    "OmsViewerKind",
    [(kind.name, kind.value) for kind in ViewerKind],
    description="How the caller authenticated.",
)

# Only staff acting for themselves (in the Dashboard or with their own token) manage keys:
# a key must never mint another key.
API_KEY_MANAGER_KINDS = (ViewerKind.STAFF, ViewerKind.APP_EXTENSION)


# Who sees and restarts the import: staff who manage the app or the orders it imports.
IMPORT_PERMISSIONS = (MANAGE_APPS, MANAGE_ORDERS)

OmsImportState = graphene.Enum(
    "OmsImportState",
    [(state.name, state.value) for state in ImportRun.State],
    description="Where the import of a store's data from Saleor stands.",
)
OmsImportRecordKind = graphene.Enum(
    "OmsImportRecordKind",
    [(kind, kind) for kind in (KIND_ORDER, KIND_LOCATION, KIND_VARIANT)],
    description="What a skipped record is: an order, a warehouse, a product variant's stock.",
)


class OmsImportSkippedRecord(graphene.ObjectType):
    kind = graphene.Field(OmsImportRecordKind, required=True)
    saleor_id = graphene.String(required=True, description="The record's ID in Saleor.")
    reason = graphene.String(required=True, description="What Saleor answered about it.")

    class Meta:
        description = "A record Saleor could not return: the import went on without it."

    @staticmethod
    def resolve_saleor_id(root: dict[str, str], info: GraphQLResolveInfo) -> str:
        return root["saleor_id"]

    @staticmethod
    def resolve_kind(root: dict[str, str], info: GraphQLResolveInfo) -> str:
        return root["kind"]

    @staticmethod
    def resolve_reason(root: dict[str, str], info: GraphQLResolveInfo) -> str:
        return root["reason"]


class OmsImport(graphene.ObjectType):
    state = graphene.Field(OmsImportState, required=True)
    started_at = graphene.DateTime()
    finished_at = graphene.DateTime()
    attempts = graphene.Int(required=True, description="Attempts so far, retries included.")
    orders = graphene.Int(required=True, description="Orders read from Saleor.")
    locations = graphene.Int(required=True, description="Warehouses read from Saleor.")
    stock_rows = graphene.Int(required=True, description="Stock rows (variant × location).")
    skipped = graphene.List(
        graphene.NonNull(OmsImportSkippedRecord),
        required=True,
        description="Records Saleor could not return, left out of this run.",
    )
    errors = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Failures met by this run, oldest first (retried ones included).",
    )

    class Meta:
        description = (
            "The last import of this store's warehouses, orders and stock from Saleor (run at "
            "installation, again with tenantImportStart)."
        )

    @staticmethod
    def resolve_state(root: ImportRun, info: GraphQLResolveInfo) -> str:
        return str(root.state)


class OmsTenant(graphene.ObjectType):
    name = graphene.String(required=True, description="The shop name in Saleor.")
    saleor_api_url = graphene.String(required=True)
    saleor_domain = graphene.String(required=True)
    saleor_app_id = graphene.String(required=True, description="This app's ID in that Saleor.")
    saleor_version = graphene.String(required=True)
    installed_at = graphene.DateTime(required=True)
    is_active = graphene.Boolean(required=True)
    import_ = graphene.Field(
        OmsImport,
        name="import",
        description="The last import from Saleor. Staff with MANAGE_APPS or MANAGE_ORDERS.",
    )

    class Meta:
        description = "The Saleor installation the viewer belongs to."

    @staticmethod
    def resolve_import_(root: Tenant, info: GraphQLResolveInfo) -> ImportRun:
        _, tenant = require_any(info, IMPORT_PERMISSIONS)
        return import_run_get(tenant_id=tenant.pk)


class OmsViewer(graphene.ObjectType):
    kind = graphene.Field(OmsViewerKind, required=True)
    email = graphene.String(required=True)
    user_id = graphene.String(required=True, description="Saleor's User ID; empty for keys.")
    permissions = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Saleor permission codes this viewer holds here.",
    )
    location = graphene.Field(
        OmsLocation,
        description="A location-scoped API key's one location; null for everyone else.",
    )

    class Meta:
        description = "Who is calling, as this API sees them."

    @staticmethod
    def resolve_location(root: Viewer, info: GraphQLResolveInfo) -> Location | None:
        if root.location_id is None or root.tenant is None:
            return None
        return location_get(tenant_id=root.tenant.pk, pk=root.location_id)

    @staticmethod
    def resolve_kind(root: Viewer, info: GraphQLResolveInfo) -> str:
        return root.kind.value

    @staticmethod
    def resolve_permissions(root: Viewer, info: GraphQLResolveInfo) -> list[str]:
        return sorted(root.permissions)


class OmsApiKey(graphene.ObjectType):
    name = graphene.String(required=True)
    prefix = graphene.String(required=True, description="The key's first characters.")
    permissions = graphene.List(graphene.NonNull(graphene.String), required=True)
    location = graphene.Field(
        OmsLocation,
        description="The one location the key is scoped to; null: the whole installation.",
    )
    created_by = graphene.String(required=True, description="Saleor User ID of the creator.")
    created_at = graphene.DateTime(required=True)
    last_used_at = graphene.DateTime()
    revoked_at = graphene.DateTime()
    is_active = graphene.Boolean(required=True)

    class Meta:
        interfaces = (Node,)
        description = "A key for an integration; the secret itself is shown once, at creation."

    is_type_of = instances_of(ApiKey)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> ApiKey | None:
        _, tenant = require_any(info, [MANAGE_APPS], kinds=API_KEY_MANAGER_KINDS)
        return api_key_list(tenant_id=tenant.pk).filter(pk=id).first()

    @staticmethod
    def resolve_is_active(root: ApiKey, info: GraphQLResolveInfo) -> bool:
        return root.revoked_at is None


class OmsApiKeyConnection(OmsCountableConnection):
    class Meta:
        node = OmsApiKey
        strict_types = True


class OmsApiKeyErrorCode(graphene.Enum):
    INVALID_NAME = "INVALID_NAME"
    INVALID_PERMISSIONS = "INVALID_PERMISSIONS"
    NOT_FOUND = "NOT_FOUND"


OmsApiKeyError: Any = error_type("OmsApiKeyError", OmsApiKeyErrorCode)


OmsTenantImportErrorCode = graphene.Enum(
    "OmsTenantImportErrorCode",
    [
        (code.name, code.value)
        for code in (
            TenantErrorCode.IMPORT_ALREADY_RUNNING,
            TenantErrorCode.TENANT_INACTIVE,
            TenantErrorCode.NOT_FOUND,
        )
    ],
)
OmsTenantImportError: Any = error_type("OmsTenantImportError", OmsTenantImportErrorCode)
