"""Capture's reads: the sources and the captured orders (MANAGE_ORDERS)."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.capture.models import CaptureSource
from saleor_oms_plugin.capture.selectors import captured_orders, sources_list
from saleor_oms_plugin.graphql.capture.types import (
    PERMISSIONS,
    OmsCapturedOrderConnection,
    OmsCapturedOrderState,
    OmsCaptureSource,
)
from saleor_oms_plugin.graphql.core.location_scope import LocationFree, location_scope_declare
from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.permissions import require_any


class CaptureQueries(graphene.ObjectType):
    capture_sources = graphene.List(
        graphene.NonNull(OmsCaptureSource),
        required=True,
        description="The outside channels orders are captured from. Requires MANAGE_ORDERS.",
    )
    captured_orders = graphene.Field(
        graphene.NonNull(OmsCapturedOrderConnection),
        description="Captured orders, newest first. Requires MANAGE_ORDERS.",
        **connection_args(
            source_code=graphene.Argument(
                graphene.String, name="source", description="Only this source (its code)."
            ),
            state=OmsCapturedOrderState(),
        ),
    )

    @staticmethod
    def resolve_capture_sources(root: Any, info: GraphQLResolveInfo) -> list[CaptureSource]:
        _, tenant = require_any(info, PERMISSIONS)
        return list(sources_list(tenant_id=tenant.pk))

    @staticmethod
    def resolve_captured_orders(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        source_code: str | None = None,
        state: Any = None,
    ) -> OmsCapturedOrderConnection:
        _, tenant = require_any(info, PERMISSIONS)
        value = getattr(state, "value", state)
        rows = captured_orders(tenant_id=tenant.pk, source_code=source_code, state=value)
        return connection_from_queryset(rows, OmsCapturedOrderConnection, first=first, after=after)


location_scope_declare(
    CaptureQueries,
    capture_sources=LocationFree("outside sales channels, no location's work"),
    captured_orders=LocationFree("orders before Saleor holds them, no location's work"),
)
