"""Outside locations (stores, 3PLs, marketplaces): created, changed and archived by staff; and
the manual position of any location."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.auth import ViewerKind
from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.mutations import error_type, errors_from
from saleor_oms_plugin.graphql.locations.types import OmsLocation, OmsLocationKind, location_pk
from saleor_oms_plugin.graphql.permissions import MANAGE_PRODUCTS, require_any
from saleor_oms_plugin.locations.errors import LocationError, LocationErrorCode
from saleor_oms_plugin.locations.outside import (
    OutsideLocationData,
    outside_location_archive,
    outside_location_create,
    outside_location_update,
)
from saleor_oms_plugin.locations.services import (
    location_coordinates_clear,
    location_coordinates_set,
)

WRITER_KINDS = (ViewerKind.STAFF, ViewerKind.APP_EXTENSION, ViewerKind.API_KEY)
PERMISSIONS = (MANAGE_PRODUCTS,)

OmsLocationErrorCode = graphene.Enum(
    "OmsLocationErrorCode", [(code.name, code.value) for code in LocationErrorCode]
)
OmsLocationError: Any = error_type("OmsLocationError", OmsLocationErrorCode)


class _LocationFields:
    email = graphene.String()
    company_name = graphene.String()
    street_address_1 = graphene.String()
    street_address_2 = graphene.String()
    city = graphene.String()
    postal_code = graphene.String()
    country = graphene.String(description="ISO 3166-1 alpha-2 code.")
    country_area = graphene.String()
    phone = graphene.String()
    latitude = graphene.Float(
        description="With longitude: a manual position (see coordinatesSource)."
    )
    longitude = graphene.Float()


class OmsOutsideLocationCreateInput(_LocationFields, graphene.InputObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True, description="Unique; names the location in feeds.")
    kind = OmsLocationKind(
        required=True, description="STORE, THIRD_PARTY_LOGISTICS or MARKETPLACE."
    )


class OmsOutsideLocationUpdateInput(_LocationFields, graphene.InputObjectType):
    name = graphene.String()
    slug = graphene.String()
    kind = OmsLocationKind()


class OmsLocationPayload(graphene.ObjectType):
    location = graphene.Field(OmsLocation)
    errors = graphene.List(graphene.NonNull(OmsLocationError), required=True)


def _data(values: dict[str, Any]) -> OutsideLocationData:
    given = {k: enum_value(v) for k, v in values.items() if v is not None}
    return OutsideLocationData(**given)


class LocationMutations(graphene.ObjectType):
    location_create = graphene.Field(
        graphene.NonNull(OmsLocationPayload),
        input=OmsOutsideLocationCreateInput(required=True),
        description="Create an outside location (never a Saleor warehouse). MANAGE_PRODUCTS.",
    )
    location_update = graphene.Field(
        graphene.NonNull(OmsLocationPayload),
        id=graphene.ID(required=True),
        input=OmsOutsideLocationUpdateInput(required=True),
        description="Change an outside location; omitted fields stay. MANAGE_PRODUCTS.",
    )
    location_archive = graphene.Field(
        graphene.NonNull(OmsLocationPayload),
        id=graphene.ID(required=True),
        archived=graphene.Boolean(default_value=True, description="False restores it."),
        description="Archive an outside location: out of every channel's stock. MANAGE_PRODUCTS.",
    )

    location_coordinates_set = graphene.Field(
        graphene.NonNull(OmsLocationPayload),
        id=graphene.ID(required=True),
        latitude=graphene.Float(required=True, description="-90 to 90."),
        longitude=graphene.Float(required=True, description="-180 to 180."),
        description=(
            "Pin any location (a Saleor warehouse too) to a position by hand: it overrides the "
            "warehouse metadata oms.lat / oms.lng and the geocoded address. MANAGE_PRODUCTS."
        ),
    )
    location_coordinates_clear = graphene.Field(
        graphene.NonNull(OmsLocationPayload),
        id=graphene.ID(required=True),
        description=(
            "Remove the manual position: the location is placed by its metadata or its address "
            "again. MANAGE_PRODUCTS."
        ),
    )

    @staticmethod
    def resolve_location_coordinates_set(
        root: Any, info: GraphQLResolveInfo, id: str, latitude: float, longitude: float
    ) -> OmsLocationPayload:
        viewer, tenant = require_any(info, PERMISSIONS, kinds=WRITER_KINDS)
        try:
            location = location_coordinates_set(
                tenant_id=tenant.pk,
                location_id=location_pk(id),
                latitude=latitude,
                longitude=longitude,
                actor=viewer.actor(),
            )
        except LocationError as exc:
            return OmsLocationPayload(errors=errors_from(exc, OmsLocationError))
        return OmsLocationPayload(location=location, errors=[])

    @staticmethod
    def resolve_location_coordinates_clear(
        root: Any, info: GraphQLResolveInfo, id: str
    ) -> OmsLocationPayload:
        viewer, tenant = require_any(info, PERMISSIONS, kinds=WRITER_KINDS)
        try:
            location = location_coordinates_clear(
                tenant_id=tenant.pk, location_id=location_pk(id), actor=viewer.actor()
            )
        except LocationError as exc:
            return OmsLocationPayload(errors=errors_from(exc, OmsLocationError))
        return OmsLocationPayload(location=location, errors=[])

    @staticmethod
    def resolve_location_create(
        root: Any, info: GraphQLResolveInfo, input: dict[str, Any]
    ) -> OmsLocationPayload:
        viewer, tenant = require_any(info, PERMISSIONS, kinds=WRITER_KINDS)
        try:
            location = outside_location_create(
                tenant_id=tenant.pk, data=_data(input), actor=viewer.actor()
            )
        except LocationError as exc:
            return OmsLocationPayload(errors=errors_from(exc, OmsLocationError))
        return OmsLocationPayload(location=location, errors=[])

    @staticmethod
    def resolve_location_update(
        root: Any, info: GraphQLResolveInfo, id: str, input: dict[str, Any]
    ) -> OmsLocationPayload:
        viewer, tenant = require_any(info, PERMISSIONS, kinds=WRITER_KINDS)
        try:
            location = outside_location_update(
                tenant_id=tenant.pk,
                location_id=location_pk(id),
                data=_data(input),
                actor=viewer.actor(),
            )
        except LocationError as exc:
            return OmsLocationPayload(errors=errors_from(exc, OmsLocationError))
        return OmsLocationPayload(location=location, errors=[])

    @staticmethod
    def resolve_location_archive(
        root: Any, info: GraphQLResolveInfo, id: str, archived: bool = True
    ) -> OmsLocationPayload:
        viewer, tenant = require_any(info, PERMISSIONS, kinds=WRITER_KINDS)
        try:
            location = outside_location_archive(
                tenant_id=tenant.pk,
                location_id=location_pk(id),
                actor=viewer.actor(),
                archived=archived,
            )
        except LocationError as exc:
            return OmsLocationPayload(errors=errors_from(exc, OmsLocationError))
        return OmsLocationPayload(location=location, errors=[])
