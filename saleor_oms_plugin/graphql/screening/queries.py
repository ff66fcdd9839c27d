"""The review queue, an order's screening result and the configuration (MANAGE_ORDERS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.permissions import require_any
from saleor_oms_plugin.graphql.screening.types import (
    PERMISSIONS,
    OmsScreeningConfig,
    OmsScreeningResult,
    OmsScreeningResultConnection,
)
from saleor_oms_plugin.screening.config import settings_merge
from saleor_oms_plugin.screening.models import ScreeningConfig, ScreeningResult
from saleor_oms_plugin.screening.selectors import config_list, result_get, review_queue


@dataclass(frozen=True)
class ConfigView:
    channel_slug: str
    document: dict[str, Any]
    effective: dict[str, Any]
    updated_at: datetime | None
    updated_by: str


def config_view(channel: str, rows: dict[str, ScreeningConfig]) -> ConfigView:
    """The document of ``channel`` (the tenant's: empty) as stored, and as in force."""
    row = rows.get(channel)
    tenant_document = rows[""].document if "" in rows else {}
    document = row.document if row else {}
    return ConfigView(
        channel_slug=channel,
        document=document,
        effective=settings_merge(tenant_document, document if channel else None),
        updated_at=row.updated_at if row else None,
        updated_by=row.updated_by if row else "",
    )


class ScreeningQueries(graphene.ObjectType):
    screening_queue = graphene.Field(
        graphene.NonNull(OmsScreeningResultConnection),
        description="Orders screening holds for review, oldest first. Requires MANAGE_ORDERS.",
        **connection_args(
            reason=graphene.String(description="Only those held for this reason code."),
            channel=graphene.String(description="Only this channel (slug)."),
        ),
    )
    screening_result = graphene.Field(
        OmsScreeningResult,
        order_id=graphene.ID(required=True, description="An OmsOrder ID."),
        description="An order's screening; null when it was not screened. Requires MANAGE_ORDERS.",
    )
    screening_configs = graphene.List(
        graphene.NonNull(OmsScreeningConfig),
        required=True,
        description="The tenant's screening document first, then each channel's override. "
        "Requires MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_screening_queue(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        reason: str | None = None,
        channel: str | None = None,
    ) -> OmsScreeningResultConnection:
        _, tenant = require_any(info, PERMISSIONS)
        rows = review_queue(tenant_id=tenant.pk, reason=reason, channel_slug=channel)
        return connection_from_queryset(
            rows.select_related("order"), OmsScreeningResultConnection, first=first, after=after
        )

    @staticmethod
    def resolve_screening_result(
        root: Any, info: GraphQLResolveInfo, order_id: str
    ) -> ScreeningResult | None:
        _, tenant = require_any(info, PERMISSIONS)
        pk = pk_from_global_id(order_id, expected_type="OmsOrder")
        return result_get(tenant_id=tenant.pk, order_id=pk)

    @staticmethod
    def resolve_screening_configs(root: Any, info: GraphQLResolveInfo) -> list[Any]:
        _, tenant = require_any(info, PERMISSIONS)
        rows = {row.channel_slug: row for row in config_list(tenant_id=tenant.pk)}
        channels = ["", *sorted(slug for slug in rows if slug)]
        return [config_view(channel, rows) for channel in channels]
