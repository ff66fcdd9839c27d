"""``locations`` and ``location``, for viewers who may see Saleor's warehouses."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode
from saleor_oms_plugin.graphql.locations.types import (
    OmsLocation,
    OmsLocationConnection,
    OmsLocationKind,
)
from saleor_oms_plugin.graphql.permissions import LOCATION_READ_PERMISSIONS, require_any
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.locations.selectors import location_get, location_list

_PERMISSIONS_TEXT = "Requires MANAGE_PRODUCTS, MANAGE_ORDERS or MANAGE_SHIPPING."


class LocationQueries(graphene.ObjectType):
    locations = graphene.Field(
        graphene.NonNull(OmsLocationConnection),
        description="Locations by name. " + _PERMISSIONS_TEXT,
        **connection_args(
            search=graphene.String(description="Part of the name."),
            include_deleted=graphene.Boolean(default_value=False),
            kinds=graphene.List(graphene.NonNull(OmsLocationKind), description="Only these."),
        ),
    )
    location = graphene.Field(
        OmsLocation,
        id=graphene.ID(),
        saleor_id=graphene.String(),
        description="One location by exactly one of: id, saleorId. " + _PERMISSIONS_TEXT,
    )

    @staticmethod
    def resolve_locations(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        search: str | None = None,
        include_deleted: bool = False,
        kinds: list[Any] | None = None,
    ) -> OmsLocationConnection:
        _, tenant = require_any(info, LOCATION_READ_PERMISSIONS)
        locations = location_list(
            tenant_id=tenant.pk,
            search=search,
            include_deleted=include_deleted,
            kinds=[enum_value(kind) for kind in kinds] if kinds else None,
        )
        return connection_from_queryset(locations, OmsLocationConnection, first=first, after=after)

    @staticmethod
    def resolve_location(
        root: Any, info: GraphQLResolveInfo, id: str | None = None, saleor_id: str | None = None
    ) -> Location | None:
        _, tenant = require_any(info, LOCATION_READ_PERMISSIONS)
        if (id is None) == (saleor_id is None):
            raise OmsGraphQLError(
                OmsGraphQLErrorCode.INVALID_ARGUMENTS, "Give exactly one of id and saleorId."
            )
        pk = pk_from_global_id(id, expected_type="OmsLocation") if id is not None else None
        return location_get(tenant_id=tenant.pk, pk=pk, saleor_id=saleor_id)
