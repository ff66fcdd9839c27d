from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "saleor_oms_plugin.insights"
    label = "oms_insights"

    def ready(self) -> None:
        from saleor_oms_plugin.core.events import listen
        from saleor_oms_plugin.insights.returns_rollups import (
            on_order_changed_returns,
            on_return_published,
        )
        from saleor_oms_plugin.insights.rollups import on_order_changed
        from saleor_oms_plugin.orders.changes import order_changes_listen

        order_changes_listen(on_order_changed)
        order_changes_listen(on_order_changed_returns)
        listen(on_return_published)
