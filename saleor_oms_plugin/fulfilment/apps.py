from django.apps import AppConfig


class FulfilmentConfig(AppConfig):
    name = "saleor_oms_plugin.fulfilment"
    label = "oms_fulfilment"

    def ready(self) -> None:
        from saleor_oms_plugin.core.events import listen
        from saleor_oms_plugin.core.metrics import scrape_collector_register
        from saleor_oms_plugin.fulfilment.backorder_routing import (
            on_order_changed,
            on_stock_changes,
        )
        from saleor_oms_plugin.fulfilment.handlers import register_fulfilment_handlers
        from saleor_oms_plugin.fulfilment.metrics import (
            routing_plan_readings,
            routing_plan_transitions_listen,
        )
        from saleor_oms_plugin.fulfilment.published import on_published
        from saleor_oms_plugin.fulfilment.rule_actions import provide_routing_actions
        from saleor_oms_plugin.fulfilment.rule_triggers import register_backorder_triggers
        from saleor_oms_plugin.inventory.changes import stock_changes_listen
        from saleor_oms_plugin.orders.changes import order_changes_listen

        register_fulfilment_handlers()
        provide_routing_actions()
        # The warehouse's short picks (pick.short) reach the short-pick path here.
        listen(on_published)
        # Stock that rose may cover waiting backorders; a cancelled order's stop waiting.
        stock_changes_listen(on_stock_changes)
        order_changes_listen(on_order_changed)
        register_backorder_triggers()
        routing_plan_transitions_listen()
        scrape_collector_register("routing_plans", routing_plan_readings)
