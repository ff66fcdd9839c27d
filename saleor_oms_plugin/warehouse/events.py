"""What the warehouse domain records and publishes.

A wave's, pick list's or release's move is recorded as ``wave.<state>``,
``pick_list.<state>`` or ``warehouse_release.<state>`` (every state but the initial one).
``pick.short`` is published (facts: shipment, missing units per Saleor order line) so that
fulfilment's short-pick path runs without this domain importing it.

Packing and shipping record ``pack.scanned``, ``parcel.<state>``, ``shipping_label.failed``,
``warehouse_ship.requested`` / ``.refused`` and ``manifest.closed``; ``fulfillment.shipped``
is published (a rule trigger) once Saleor approved a release's fulfilment with its tracking
number.

Tracking records ``parcel.delivered`` (the carrier's tracking, or staff for carriers without a
feed) and publishes ``fulfillment.delivered`` (a rule trigger; ``delivery`` records the day on
the order's sold promise) once every parcel of a release is delivered.
"""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class WarehouseEvent(DomainEvent):
    EXECUTION_UPDATED = "location.warehouse_execution_updated"
    ZONE_SAVED = "warehouse_zone.saved"
    ZONE_DELETED = "warehouse_zone.deleted"
    BIN_SAVED = "warehouse_bin.saved"
    BIN_DELETED = "warehouse_bin.deleted"
    SLOT_SAVED = "warehouse_slot.saved"
    SLOT_DELETED = "warehouse_slot.deleted"
    SLOTTING_IMPORTED = "warehouse_slotting.imported"
    BOX_TYPE_SAVED = "box_type.saved"
    BOX_TYPE_DELETED = "box_type.deleted"
    DIMENSIONS_SAVED = "variant_dimensions.saved"
    DIMENSIONS_IMPORTED = "variant_dimensions.imported"
    # warehouse_release.<Release.State>
    RELEASE_RELEASED = "warehouse_release.released"
    RELEASE_PICKING = "warehouse_release.picking"
    RELEASE_PICKED = "warehouse_release.picked"
    RELEASE_SHORT_PICKED = "warehouse_release.short_picked"
    RELEASE_PACKED = "warehouse_release.packed"
    RELEASE_SHIPPED = "warehouse_release.shipped"
    RELEASE_CANCELLED = "warehouse_release.cancelled"
    # wave.<Wave.State>
    WAVE_OPEN = "wave.open"
    WAVE_RELEASED = "wave.released"
    WAVE_PICKING = "wave.picking"
    WAVE_DONE = "wave.done"
    WAVE_CANCELLED = "wave.cancelled"
    # pick_list.<PickList.State>
    PICK_LIST_PICKING = "pick_list.picking"
    PICK_LIST_DONE = "pick_list.done"
    PICK_LIST_CANCELLED = "pick_list.cancelled"
    PICK_CONFIRMED = "pick.confirmed"
    PICK_SHORT_RECORDED = "pick.short_recorded"
    # Published: units could not be picked (fulfilment reports the short pick).
    PICK_SHORT = "pick.short"
    PACK_SCANNED = "pack.scanned"
    # parcel.<Parcel.State> (every state but open)
    PARCEL_CLOSED = "parcel.closed"
    PARCEL_LABELLED = "parcel.labelled"
    PARCEL_SHIPPED = "parcel.shipped"
    PARCEL_VOIDED = "parcel.voided"
    PARCEL_DELIVERED = "parcel.delivered"
    LABEL_FAILED = "shipping_label.failed"
    SHIP_REQUESTED = "warehouse_ship.requested"
    SHIP_REFUSED = "warehouse_ship.refused"
    MANIFEST_CLOSED = "manifest.closed"
    CARRIER_SAVED = "carrier_account.saved"
    CARRIER_DELETED = "carrier_account.deleted"
    # Published: Saleor approved the fulfilment with its tracking number (a rule trigger).
    FULFILLMENT_SHIPPED = "fulfillment.shipped"
    # Published: every parcel of a release arrived (facts: delivered_on, release_id,
    # tracking_numbers); delivery.tracked_deliveries hears it by this exact value.
    FULFILLMENT_DELIVERED = "fulfillment.delivered"
