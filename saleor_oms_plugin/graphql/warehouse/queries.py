"""Warehouse reads: a location's switch and layout, variant dimensions, releases and waves."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Prefetch
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.download import OmsDownload
from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.location_scope import (
    ByArgument,
    LocationFree,
    location_scope_declare,
    location_scope_refuse,
)
from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode
from saleor_oms_plugin.graphql.locations.types import location_pk, location_pk_or_none
from saleor_oms_plugin.graphql.permissions import require_any
from saleor_oms_plugin.graphql.warehouse.scope import DOCUMENT_SUBJECT
from saleor_oms_plugin.graphql.warehouse.types import (
    LAYOUT_PERMISSIONS,
    WORK_PERMISSIONS,
    OmsReleaseState,
    OmsVariantDimensionsConnection,
    OmsWarehouseExecution,
    OmsWarehouseLayout,
    OmsWarehouseReleaseConnection,
    OmsWaveConnection,
    OmsWaveState,
)
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.locations.selectors import location_get
from saleor_oms_plugin.warehouse.documents import (
    DocumentFormat,
    DocumentKind,
    DocumentLink,
    document_link,
    document_request,
)
from saleor_oms_plugin.warehouse.models import LocationExecution, PickList, PickListLine
from saleor_oms_plugin.warehouse.selectors import (
    bin_list,
    box_type_list,
    dimensions_list,
    execution_get,
    release_list,
    slot_list,
    wave_list,
    zone_list,
)


def _location(tenant_id: int, global_id: str) -> Location:
    location = location_get(tenant_id=tenant_id, pk=location_pk(global_id))
    if location is None:
        raise OmsGraphQLError(OmsGraphQLErrorCode.INVALID_ID, "No such location.")
    return location


OmsDocumentKind = graphene.Enum(
    "OmsDocumentKind",
    [(kind.name, kind.value) for kind in DocumentKind],
    description="What to print: a wave's pick lists, packing slips, shipping labels.",
)
OmsDocumentFormat = graphene.Enum(
    "OmsDocumentFormat",
    [(form.name, form.value) for form in DocumentFormat],
    description="PDF for any document; ZPL (thermal printers) for shipping labels.",
)


def _document_pk(global_id: str | None, type_name: str) -> int | None:
    return None if global_id is None else pk_from_global_id(global_id, expected_type=type_name)


class WarehouseQueries(graphene.ObjectType):
    warehouse_execution = graphene.Field(
        graphene.NonNull(OmsWarehouseExecution),
        location_id=graphene.ID(required=True),
        description="Whether warehouse execution is on for a location (off unless set). "
        "Requires MANAGE_PRODUCTS or MANAGE_ORDERS.",
    )
    warehouse_layout = graphene.Field(
        graphene.NonNull(OmsWarehouseLayout),
        location_id=graphene.ID(required=True),
        description="A location's zones, bins, slotting and boxes. "
        "Requires MANAGE_PRODUCTS or MANAGE_ORDERS.",
    )
    variant_dimensions = graphene.Field(
        graphene.NonNull(OmsVariantDimensionsConnection),
        description="Sizes, weights and barcodes of variants. "
        "Requires MANAGE_PRODUCTS or MANAGE_ORDERS.",
        **connection_args(variant_ids=graphene.List(graphene.NonNull(graphene.String))),
    )
    warehouse_releases = graphene.Field(
        graphene.NonNull(OmsWarehouseReleaseConnection),
        description="Shipments released to locations, oldest first. Requires MANAGE_ORDERS.",
        **connection_args(
            location_id=graphene.ID(),
            states=graphene.List(graphene.NonNull(OmsReleaseState)),
        ),
    )
    waves = graphene.Field(
        graphene.NonNull(OmsWaveConnection),
        description="Waves, newest first, with their pick lists. Requires MANAGE_ORDERS.",
        **connection_args(
            location_id=graphene.ID(),
            states=graphene.List(graphene.NonNull(OmsWaveState)),
        ),
    )

    warehouse_document = graphene.Field(
        graphene.NonNull(OmsDownload),
        kind=graphene.Argument(OmsDocumentKind, required=True),
        wave_id=graphene.ID(),
        release_id=graphene.ID(),
        parcel_id=graphene.ID(),
        format=graphene.Argument(OmsDocumentFormat, default_value=DocumentFormat.PDF.value),
        description="A signed link, valid for 15 minutes, to print: PICK_LIST (a wave: all its "
        "lists in pick order, one PDF), PACKING_SLIPS (a wave, in pick order, or a release), "
        "LABELS (a wave: every issued label of its parcels in pick order, voided ones left "
        "out; or a parcel), as PDF or ZPL, the format the labels were issued in; "
        "NOT_AVAILABLE while nothing is labelled. The same document prints byte-identical "
        "again. Requires MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_warehouse_document(
        root: Any,
        info: GraphQLResolveInfo,
        kind: Any,
        format: Any = DocumentFormat.PDF.value,
        wave_id: str | None = None,
        release_id: str | None = None,
        parcel_id: str | None = None,
    ) -> DocumentLink:
        _, tenant = require_any(info, WORK_PERMISSIONS)
        wanted = document_request(
            tenant_id=tenant.pk,
            kind=DocumentKind(enum_value(kind)),
            format=DocumentFormat(enum_value(format)),
            wave_id=_document_pk(wave_id, "OmsWave"),
            release_id=_document_pk(release_id, "OmsWarehouseRelease"),
            parcel_id=_document_pk(parcel_id, "OmsParcel"),
        )
        return document_link(wanted)

    @staticmethod
    def resolve_warehouse_execution(
        root: Any, info: GraphQLResolveInfo, location_id: str
    ) -> LocationExecution:
        _, tenant = require_any(info, LAYOUT_PERMISSIONS)
        location = _location(tenant.pk, location_id)
        stored = execution_get(tenant_id=tenant.pk, location_id=location.pk)
        return stored or LocationExecution(tenant=tenant, location=location)

    @staticmethod
    def resolve_warehouse_layout(
        root: Any, info: GraphQLResolveInfo, location_id: str
    ) -> OmsWarehouseLayout:
        _, tenant = require_any(info, LAYOUT_PERMISSIONS)
        location = _location(tenant.pk, location_id)
        scope = {"tenant_id": tenant.pk, "location_id": location.pk}
        return OmsWarehouseLayout(
            zones=list(zone_list(**scope)),
            bins=list(bin_list(**scope)),
            slots=list(slot_list(**scope)),
            box_types=list(box_type_list(**scope)),
        )

    @staticmethod
    def resolve_variant_dimensions(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        variant_ids: list[str] | None = None,
    ) -> OmsVariantDimensionsConnection:
        _, tenant = require_any(info, LAYOUT_PERMISSIONS)
        rows = dimensions_list(tenant_id=tenant.pk, variant_ids=variant_ids)
        return connection_from_queryset(
            rows, OmsVariantDimensionsConnection, first=first, after=after
        )

    @staticmethod
    def resolve_warehouse_releases(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        location_id: str | None = None,
        states: list[Any] | None = None,
    ) -> OmsWarehouseReleaseConnection:
        _, tenant = require_any(info, WORK_PERMISSIONS)
        rows = release_list(
            tenant_id=tenant.pk,
            location_id=location_pk_or_none(location_id),
            states=[enum_value(s) for s in states] if states else None,
        ).select_related("location", "order")
        return connection_from_queryset(
            rows, OmsWarehouseReleaseConnection, first=first, after=after
        )

    @staticmethod
    def resolve_waves(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        location_id: str | None = None,
        states: list[Any] | None = None,
    ) -> OmsWaveConnection:
        _, tenant = require_any(info, WORK_PERMISSIONS)
        lines = PickListLine.objects.select_related("bin__zone").prefetch_related("splits")
        rows = (
            wave_list(
                tenant_id=tenant.pk,
                location_id=location_pk_or_none(location_id),
                states=[enum_value(s) for s in states] if states else None,
            )
            .select_related("location")
            .prefetch_related(
                "releases__location",
                "releases__order",
                Prefetch(
                    "pick_lists",
                    PickList.objects.prefetch_related(Prefetch("lines", lines)),
                ),
            )
        )
        return connection_from_queryset(rows, OmsWaveConnection, first=first, after=after)


# A release shows its order: a scoped key sees the order, not where else it ships from.
location_scope_refuse("OmsOrder", "fulfillments", "routingPlans", "routingPlan", "backorders")
location_scope_declare(
    WarehouseQueries,
    warehouse_execution=ByArgument(),
    warehouse_layout=ByArgument(),
    warehouse_releases=ByArgument(),
    waves=ByArgument(),
    warehouse_document=DOCUMENT_SUBJECT,
    variant_dimensions=LocationFree("product sizes and weights, the same at every location"),
)
