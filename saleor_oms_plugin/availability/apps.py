from django.apps import AppConfig


class AvailabilityConfig(AppConfig):
    name = "saleor_oms_plugin.availability"
    label = "oms_availability"

    def ready(self) -> None:
        from saleor_oms_plugin.availability.push import on_channel_changes, on_stock_changes
        from saleor_oms_plugin.inventory.changes import channel_changes_listen, stock_changes_listen

        stock_changes_listen(on_stock_changes)
        channel_changes_listen(on_channel_changes)
