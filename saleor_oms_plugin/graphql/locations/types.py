"""GraphQL type of a location (``OmsLocation``: Saleor's schema has ``Warehouse``)."""

from __future__ import annotations

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.relay import Node, instances_of, pk_from_global_id
from saleor_oms_plugin.graphql.permissions import LOCATION_READ_PERMISSIONS, require_any
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.locations.selectors import location_get

OmsLocationKind = graphene.Enum("OmsLocationKind", [(k.name, k.value) for k in Location.Kind])
OmsLocationCoordinatesSource = graphene.Enum(
    "OmsLocationCoordinatesSource",
    [(source.name, source.value) for source in Location.CoordinatesSource],
    description=(
        "Where a location's coordinates come from, strongest first: MANUAL (set in the OMS), "
        "METADATA (warehouse metadata oms.lat / oms.lng), GEOCODED_* (its address placed by the "
        "offline geocoder, at that precision), NONE (cannot be placed: routing counts it as the "
        "farthest location and says so in the plan)."
    ),
)


class OmsLocation(graphene.ObjectType):
    kind = graphene.Field(graphene.NonNull(OmsLocationKind))
    saleor_id = graphene.String(description="Saleor's Warehouse ID; null for outside locations.")
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    email = graphene.String(required=True)
    company_name = graphene.String(required=True)
    street_address_1 = graphene.String(required=True)
    street_address_2 = graphene.String(required=True)
    city = graphene.String(required=True)
    postal_code = graphene.String(required=True)
    country = graphene.String(required=True, description="ISO 3166-1 alpha-2 code.")
    country_area = graphene.String(required=True)
    phone = graphene.String(required=True)
    click_and_collect_option = graphene.String(required=True)
    is_private = graphene.Boolean(required=True)
    latitude = graphene.Float(
        description="Where routing places it: see coordinatesSource. Null when not placed."
    )
    longitude = graphene.Float(
        description="Where routing places it: see coordinatesSource. Null when not placed."
    )
    coordinates_source = graphene.Field(graphene.NonNull(OmsLocationCoordinatesSource))
    manual_latitude = graphene.Float(description="Set by locationCoordinatesSet; wins when set.")
    manual_longitude = graphene.Float(description="Set by locationCoordinatesSet; wins when set.")
    is_deleted = graphene.Boolean(
        required=True, description="Deleted in Saleor (or, outside locations, archived)."
    )

    class Meta:
        interfaces = (Node,)
        description = (
            "A place stock is held: a warehouse of the viewer's Saleor (read model) or an "
            "outside location (store, 3PL, marketplace) known only to the OMS."
        )

    @staticmethod
    def resolve_kind(root: Location, info: GraphQLResolveInfo) -> str:
        return str(root.kind)

    @staticmethod
    def resolve_coordinates_source(root: Location, info: GraphQLResolveInfo) -> str:
        return str(root.coordinates_source)

    @staticmethod
    def resolve_saleor_id(root: Location, info: GraphQLResolveInfo) -> str | None:
        return root.saleor_id or None

    is_type_of = instances_of(Location)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> Location | None:
        _, tenant = require_any(info, LOCATION_READ_PERMISSIONS)
        return location_get(tenant_id=tenant.pk, pk=id)


class OmsLocationConnection(OmsCountableConnection):
    class Meta:
        node = OmsLocation
        strict_types = True


def location_pk(global_id: str) -> int:
    """The primary key of an ``OmsLocation`` global ID (a typed error for any other)."""
    return pk_from_global_id(global_id, expected_type="OmsLocation")


def location_pk_or_none(global_id: str | None) -> int | None:
    """As :func:`location_pk`, for an optional argument."""
    return None if global_id is None else location_pk(global_id)
