"""``carts``: the checkouts the OMS follows, those holding stock first of all. MANAGE_ORDERS."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Prefetch
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.checkout.selectors import cart_list
from saleor_oms_plugin.graphql.checkout.types import (
    PERMISSIONS,
    OmsCartConnection,
    OmsCartState,
)
from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.permissions import require_any
from saleor_oms_plugin.inventory.models import ReservationLine


class CheckoutQueries(graphene.ObjectType):
    carts = graphene.Field(
        graphene.NonNull(OmsCartConnection),
        description="Carts (Saleor checkouts), last changed first. Requires MANAGE_ORDERS.",
        **connection_args(
            channel=graphene.String(description="Only this channel's carts (slug)."),
            state=OmsCartState(),
            holding=graphene.Boolean(
                description="true: only carts holding stock now; false: only those holding none."
            ),
        ),
    )

    @staticmethod
    def resolve_carts(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        channel: str | None = None,
        state: str | None = None,
        holding: bool | None = None,
    ) -> OmsCartConnection:
        _, tenant = require_any(info, PERMISSIONS)
        lines = ReservationLine.objects.select_related("stock__location").order_by("pk")
        carts = (
            cart_list(
                tenant_id=tenant.pk, state=enum_value(state), channel_slug=channel, holding=holding
            )
            .select_related("reservation")
            .prefetch_related(Prefetch("reservation__lines", queryset=lines))
        )
        return connection_from_queryset(carts, OmsCartConnection, first=first, after=after)
