"""How warehouse fields honour a location-scoped API key: rows named by id are located
through the warehouse's selectors, and a row of another location answers as a missing one."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from saleor_oms_plugin.graphql.core.location_scope import ByRow
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.errors import OmsGraphQLError
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.models import Parcel, Release, Wave
from saleor_oms_plugin.warehouse.selectors import row_location_id


def row_of(model: type[Model], type_name: str, *, argument: str, missing: str) -> ByRow:
    """The rule of a field naming a ``model`` row by the ``type_name`` global ID in
    ``argument``; a foreign row is refused as the services refuse a missing one
    (NOT_FOUND, ``missing``, on ``argument``)."""

    def locate(tenant_id: int, arguments: dict[str, Any]) -> int | None:
        value = arguments.get(argument)
        if value is None:
            return None
        try:
            pk = pk_from_global_id(value, expected_type=type_name)
        except OmsGraphQLError:
            return None  # malformed: the resolver answers it as it always does
        return row_location_id(tenant_id=tenant_id, model=model, pk=pk)

    return ByRow(
        locate=locate,
        not_found=lambda arguments: WarehouseError(Code.NOT_FOUND, missing, field=argument),
    )


def _document_subject(tenant_id: int, arguments: dict[str, Any]) -> int | None:
    for argument, model, type_name in (
        ("wave_id", Wave, "OmsWave"),
        ("release_id", Release, "OmsWarehouseRelease"),
        ("parcel_id", Parcel, "OmsParcel"),
    ):
        value = arguments.get(argument)
        if value is not None:
            try:
                pk = pk_from_global_id(value, expected_type=type_name)
            except OmsGraphQLError:
                return None
            return row_location_id(tenant_id=tenant_id, model=model, pk=pk)
    return None


def _document_not_found(arguments: dict[str, Any]) -> WarehouseError:
    if arguments.get("wave_id") is not None:
        return WarehouseError(Code.NOT_FOUND, "No such wave.", field="wave_id")
    if arguments.get("release_id") is None and arguments.get("parcel_id") is not None:
        return WarehouseError(Code.NOT_FOUND, "No such parcel.", field="parcel_id")
    return WarehouseError(Code.NOT_FOUND, "No such release.", field="release_id")


# warehouseDocument: the location of the wave, release or parcel it prints.
DOCUMENT_SUBJECT = ByRow(locate=_document_subject, not_found=_document_not_found)
