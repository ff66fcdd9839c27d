from django.apps import AppConfig


class ReplenishmentConfig(AppConfig):
    name = "saleor_oms_plugin.replenishment"
    label = "oms_replenishment"

    def ready(self) -> None:
        from saleor_oms_plugin.inventory.changes import stock_changes_listen
        from saleor_oms_plugin.replenishment.events import ReplenishmentEvent
        from saleor_oms_plugin.replenishment.inbound import transfers_inbound
        from saleor_oms_plugin.replenishment.refresh import on_stock_changes
        from saleor_oms_plugin.replenishment.selectors import inbound_source_register
        from saleor_oms_plugin.rules.fields import Subject
        from saleor_oms_plugin.rules.triggers import register_trigger

        register_trigger(ReplenishmentEvent.RUN_OUT_RISK, Subject.STOCK)
        stock_changes_listen(on_stock_changes)
        inbound_source_register(transfers_inbound)
