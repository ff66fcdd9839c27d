from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "saleor_oms_plugin.delivery"
    label = "oms_delivery"

    def ready(self) -> None:
        from saleor_oms_plugin.core.events import listen
        from saleor_oms_plugin.delivery.events import DeliveryEvent
        from saleor_oms_plugin.delivery.method_filter import shipping_filter_answer
        from saleor_oms_plugin.delivery.options import shipping_options_answer
        from saleor_oms_plugin.delivery.sold_promises import on_order_changed
        from saleor_oms_plugin.delivery.tracked_deliveries import on_published
        from saleor_oms_plugin.orders.changes import order_changes_listen
        from saleor_oms_plugin.rules.fields import EventField, FieldType
        from saleor_oms_plugin.rules.triggers import Subject, register_trigger
        from saleor_oms_plugin.saleor.subscriptions import (
            CHECKOUT_FILTER_SHIPPING_METHODS,
            SHIPPING_LIST_METHODS_FOR_CHECKOUT,
        )
        from saleor_oms_plugin.webhooks.sync_answers import sync_answer_register

        sync_answer_register(SHIPPING_LIST_METHODS_FOR_CHECKOUT, shipping_options_answer)
        sync_answer_register(CHECKOUT_FILTER_SHIPPING_METHODS, shipping_filter_answer)
        order_changes_listen(on_order_changed)
        # The warehouse's fulfillment.delivered (a carrier's tracking) reaches the promise here.
        listen(on_published)
        register_trigger(
            DeliveryEvent.PROMISE_AT_RISK,
            Subject.ORDER,
            "The promised ship date's cut-off passed and parcels are still to send.",
            # What sold_promises publishes with it.
            event_fields=(
                EventField("ship_date", FieldType.STRING, "The promised ship date (ISO date)."),
                EventField("service", FieldType.STRING, "The delivery service's code."),
                EventField("location", FieldType.STRING, "The shipping location's name."),
                EventField(
                    "delivery_latest",
                    FieldType.STRING,
                    "The latest promised delivery day (ISO date); '' if none.",
                ),
            ),
        )
