"""Outside locations (stores, 3PLs, marketplaces): created, changed and archived by staff; and
the manual position of any location."""

from __future__ import annotations

from typing import Any

import graphene

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.mutations import Caller, PayloadErrors, error_type, mutation
from saleor_oms_plugin.graphql.locations.types import OmsLocation, OmsLocationKind, location_pk
from saleor_oms_plugin.graphql.permissions import MANAGE_PRODUCTS, Requires
from saleor_oms_plugin.locations import outside, services
from saleor_oms_plugin.locations.errors import LocationError, LocationErrorCode
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.locations.outside import OutsideLocationData

LOCATIONS = Requires(MANAGE_PRODUCTS)

OmsLocationErrorCode = graphene.Enum(
    "OmsLocationErrorCode", [(code.name, code.value) for code in LocationErrorCode]
)
OmsLocationError: Any = error_type("OmsLocationError", OmsLocationErrorCode)
LOCATION_ERRORS = PayloadErrors(OmsLocationError, LocationError)


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
    errors = LOCATION_ERRORS.field()


def _data(values: dict[str, Any]) -> OutsideLocationData:
    given = {k: enum_value(v) for k, v in values.items() if v is not None}
    return OutsideLocationData(**given)


def _located(location: Location) -> OmsLocationPayload:
    return OmsLocationPayload(location=location, errors=[])


class LocationMutations(graphene.ObjectType):
    @mutation(
        OmsLocationPayload,
        access=LOCATIONS,
        errors=LOCATION_ERRORS,
        description="Create an outside location (never a Saleor warehouse).",
        input=OmsOutsideLocationCreateInput(required=True),
    )
    def location_create(caller: Caller, input: dict[str, Any]) -> OmsLocationPayload:
        return _located(
            outside.outside_location_create(
                tenant_id=caller.tenant.pk, data=_data(input), actor=caller.actor()
            )
        )

    @mutation(
        OmsLocationPayload,
        access=LOCATIONS,
        errors=LOCATION_ERRORS,
        description="Change an outside location; omitted fields stay.",
        id=graphene.ID(required=True),
        input=OmsOutsideLocationUpdateInput(required=True),
    )
    def location_update(caller: Caller, id: str, input: dict[str, Any]) -> OmsLocationPayload:
        return _located(
            outside.outside_location_update(
                tenant_id=caller.tenant.pk,
                location_id=location_pk(id),
                data=_data(input),
                actor=caller.actor(),
            )
        )

    @mutation(
        OmsLocationPayload,
        access=LOCATIONS,
        errors=LOCATION_ERRORS,
        description="Archive an outside location: out of every channel's stock.",
        id=graphene.ID(required=True),
        archived=graphene.Boolean(default_value=True, description="False restores it."),
    )
    def location_archive(caller: Caller, id: str, archived: bool = True) -> OmsLocationPayload:
        return _located(
            outside.outside_location_archive(
                tenant_id=caller.tenant.pk,
                location_id=location_pk(id),
                actor=caller.actor(),
                archived=archived,
            )
        )

    @mutation(
        OmsLocationPayload,
        access=LOCATIONS,
        errors=LOCATION_ERRORS,
        description="Pin any location (a Saleor warehouse too) to a position by hand: it "
        "overrides the warehouse metadata oms.lat / oms.lng and the geocoded address.",
        id=graphene.ID(required=True),
        latitude=graphene.Float(required=True, description="-90 to 90."),
        longitude=graphene.Float(required=True, description="-180 to 180."),
    )
    def location_coordinates_set(
        caller: Caller, id: str, latitude: float, longitude: float
    ) -> OmsLocationPayload:
        return _located(
            services.location_coordinates_set(
                tenant_id=caller.tenant.pk,
                location_id=location_pk(id),
                latitude=latitude,
                longitude=longitude,
                actor=caller.actor(),
            )
        )

    @mutation(
        OmsLocationPayload,
        access=LOCATIONS,
        errors=LOCATION_ERRORS,
        description="Remove the manual position: the location is placed by its metadata or its "
        "address again.",
        id=graphene.ID(required=True),
    )
    def location_coordinates_clear(caller: Caller, id: str) -> OmsLocationPayload:
        return _located(
            services.location_coordinates_clear(
                tenant_id=caller.tenant.pk, location_id=location_pk(id), actor=caller.actor()
            )
        )
