from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "saleor_oms_plugin.insights"
    label = "oms_insights"

    def ready(self) -> None:
        from saleor_oms_plugin.insights.rollups import on_order_changed
        from saleor_oms_plugin.orders.changes import order_changes_listen

        order_changes_listen(on_order_changed)
