from django.apps import AppConfig


class WarehouseConfig(AppConfig):
    name = "saleor_oms_plugin.warehouse"
    label = "oms_warehouse"

    def ready(self) -> None:
        from saleor_oms_plugin.core.events import listen
        from saleor_oms_plugin.locations.handover import self_shipping_register
        from saleor_oms_plugin.rules.fields import EventField, FieldType, Subject
        from saleor_oms_plugin.rules.triggers import register_trigger
        from saleor_oms_plugin.warehouse.events import WarehouseEvent
        from saleor_oms_plugin.warehouse.releases import on_published
        from saleor_oms_plugin.warehouse.selectors import execution_enabled

        # fulfilment's plan_shipment.applied / .cancelled reach the warehouse here.
        listen(on_published)
        # Locations with warehouse execution on approve their Saleor fulfilments on shipping.
        self_shipping_register(
            lambda tenant_id, location_id: execution_enabled(
                tenant_id=tenant_id, location_id=location_id
            )
        )
        # What each event publishes (picking.py, ship_saleor.py, deliveries.py): its fields.
        n, s, t = FieldType.NUMBER, FieldType.STRING, FieldType.SET
        release = EventField("release_id", n, "The warehouse release.")
        shipment = EventField("shipment_id", n, "The routing plan's shipment.")
        location = EventField("location_id", n, "The location that picks and ships.")
        tracking = EventField("tracking_numbers", t, "Tracking numbers of the parcels.")
        register_trigger(
            WarehouseEvent.PICK_SHORT,
            Subject.ORDER,
            "Units of an order could not be picked.",
            event_fields=(
                release,
                shipment,
                location,
                EventField("missing", None, "Missing units per Saleor order line (templates)."),
            ),
        )
        register_trigger(
            WarehouseEvent.FULFILLMENT_SHIPPED,
            Subject.ORDER,
            "A warehouse shipped an order's parcels: Saleor has the tracking number.",
            event_fields=(
                release,
                shipment,
                location,
                EventField("fulfillment_id", s, "The Saleor fulfilment's id."),
                EventField("carrier", s, "The carrier's code."),
                EventField("service", s, "The carrier service's code."),
                tracking,
                EventField("parcels", n, "How many parcels were shipped."),
            ),
        )
        register_trigger(
            WarehouseEvent.FULFILLMENT_DELIVERED,
            Subject.ORDER,
            "Every parcel of a warehouse shipment was delivered (carrier tracking or staff).",
            event_fields=(
                release,
                EventField("delivered_on", s, "The day the last parcel arrived (ISO date)."),
                tracking,
            ),
        )
