"""``me``, ``tenant`` and ``apiKeys``."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.auth import Viewer
from saleor_oms_plugin.graphql.context import viewer_of
from saleor_oms_plugin.graphql.core.location_scope import LocationFree, location_scope_declare
from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.permissions import MANAGE_APPS, require_any
from saleor_oms_plugin.graphql.tenants.types import (
    API_KEY_MANAGER_KINDS,
    OmsApiKeyConnection,
    OmsTenant,
    OmsViewer,
)
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import api_key_list


class TenantQueries(graphene.ObjectType):
    me = graphene.Field(graphene.NonNull(OmsViewer), description="The caller (may be anonymous).")
    tenant = graphene.Field(OmsTenant, description="The caller's installation; null if anonymous.")
    api_keys = graphene.Field(
        graphene.NonNull(OmsApiKeyConnection),
        description="API keys of this installation, oldest first. Staff with MANAGE_APPS.",
        **connection_args(include_revoked=graphene.Boolean(default_value=False)),
    )

    @staticmethod
    def resolve_me(root: Any, info: GraphQLResolveInfo) -> Viewer:
        return viewer_of(info)

    @staticmethod
    def resolve_tenant(root: Any, info: GraphQLResolveInfo) -> Tenant | None:
        return viewer_of(info).tenant

    @staticmethod
    def resolve_api_keys(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        include_revoked: bool = False,
    ) -> OmsApiKeyConnection:
        _, tenant = require_any(info, [MANAGE_APPS], kinds=API_KEY_MANAGER_KINDS)
        keys = api_key_list(tenant_id=tenant.pk).select_related("location")
        if not include_revoked:
            keys = keys.filter(revoked_at__isnull=True)
        return connection_from_queryset(keys, OmsApiKeyConnection, first=first, after=after)


location_scope_declare(TenantQueries, me=LocationFree("the caller itself"))
