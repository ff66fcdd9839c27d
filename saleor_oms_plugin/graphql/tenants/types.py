"""GraphQL types of installations, viewers and API keys."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.auth import Viewer, ViewerKind
from saleor_oms_plugin.graphql.core.mutations import error_type
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.relay import Node, instances_of
from saleor_oms_plugin.graphql.permissions import MANAGE_APPS, require_any
from saleor_oms_plugin.tenants.models import ApiKey
from saleor_oms_plugin.tenants.selectors import api_key_list

OmsViewerKind = graphene.Enum(
    "OmsViewerKind",
    [(kind.name, kind.value) for kind in ViewerKind],
    description="How the caller authenticated.",
)

# Only staff acting for themselves (in the Dashboard or with their own token) manage keys:
# a key must never mint another key.
API_KEY_MANAGER_KINDS = (ViewerKind.STAFF, ViewerKind.APP_EXTENSION)


class OmsTenant(graphene.ObjectType):
    name = graphene.String(required=True, description="The shop name in Saleor.")
    saleor_api_url = graphene.String(required=True)
    saleor_domain = graphene.String(required=True)
    saleor_app_id = graphene.String(required=True, description="This app's ID in that Saleor.")
    saleor_version = graphene.String(required=True)
    installed_at = graphene.DateTime(required=True)
    is_active = graphene.Boolean(required=True)

    class Meta:
        description = "The Saleor installation the viewer belongs to."


class OmsViewer(graphene.ObjectType):
    kind = graphene.Field(OmsViewerKind, required=True)
    email = graphene.String(required=True)
    user_id = graphene.String(required=True, description="Saleor's User ID; empty for keys.")
    permissions = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Saleor permission codes this viewer holds here.",
    )

    class Meta:
        description = "Who is calling, as this API sees them."

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
