"""A shipment's labels, one per parcel, rendered by ``labels`` as PDF or ZPL."""

from __future__ import annotations

from saleor_oms_plugin.labels.errors import DocumentInvalid
from saleor_oms_plugin.labels.model import ShippingLabel
from saleor_oms_plugin.labels.pdf import labels_pdf
from saleor_oms_plugin.labels.zpl import labels_zpl

from .errors import CarrierError, CarrierErrorCode
from .model import LabelFormat, Shipment


def shipment_labels(
    shipment: Shipment, *, carrier: str, service: str, tracking_number: str
) -> bytes:
    """The labels of every parcel of ``shipment`` ("parcel n of m"), in parcel order."""
    count = len(shipment.parcels)
    labels = [
        ShippingLabel(
            tracking_number=tracking_number,
            carrier=carrier,
            service=service,
            ship_from=shipment.ship_from,
            ship_to=shipment.ship_to,
            weight_grams=parcel.weight_g,
            parcel_index=index,
            parcel_count=count,
            reference=shipment.reference,
        )
        for index, parcel in enumerate(shipment.parcels, start=1)
    ]
    try:
        if shipment.label_format == LabelFormat.ZPL:
            return labels_zpl(labels)
        return labels_pdf(labels)
    except DocumentInvalid as error:
        raise CarrierError(CarrierErrorCode.INVALID_INPUT, str(error)) from None


def check_shipment(shipment: Shipment) -> None:
    """Refuse a shipment without parcels or with a negative weight or dimension."""
    if not shipment.parcels:
        raise CarrierError(CarrierErrorCode.INVALID_INPUT, "A shipment needs at least one parcel.")
    for index, parcel in enumerate(shipment.parcels):
        sizes = (parcel.weight_g, parcel.length_mm, parcel.width_mm, parcel.height_mm)
        if any(value < 0 for value in sizes):
            raise CarrierError(
                CarrierErrorCode.INVALID_INPUT,
                f"parcels[{index}]: weight and dimensions must not be negative.",
            )
