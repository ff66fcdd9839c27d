from django.apps import AppConfig


class WarehouseConfig(AppConfig):
    name = "saleor_oms_plugin.warehouse"
    label = "oms_warehouse"

    def ready(self) -> None:
        from saleor_oms_plugin.core.events import listen
        from saleor_oms_plugin.locations.handover import self_shipping_register
        from saleor_oms_plugin.rules.fields import Subject
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
        register_trigger(
            WarehouseEvent.PICK_SHORT, Subject.ORDER, "Units of an order could not be picked."
        )
        register_trigger(
            WarehouseEvent.FULFILLMENT_SHIPPED,
            Subject.ORDER,
            "A warehouse shipped an order's parcels: Saleor has the tracking number.",
        )
        register_trigger(
            WarehouseEvent.FULFILLMENT_DELIVERED,
            Subject.ORDER,
            "Every parcel of a warehouse shipment was delivered (carrier tracking or staff).",
        )
