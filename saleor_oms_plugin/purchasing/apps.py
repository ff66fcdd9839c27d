from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    name = "saleor_oms_plugin.purchasing"
    label = "oms_purchasing"

    def ready(self) -> None:
        from saleor_oms_plugin.purchasing.events import PURCHASING_TRIGGERS
        from saleor_oms_plugin.purchasing.inbound import purchase_orders_inbound
        from saleor_oms_plugin.replenishment.selectors import inbound_source_register
        from saleor_oms_plugin.rules.fields import Subject
        from saleor_oms_plugin.rules.triggers import register_trigger

        for event, description in PURCHASING_TRIGGERS.items():
            register_trigger(event, Subject.PURCHASE_ORDER, description)
        # Units ordered from suppliers and not received yet are not suggested again.
        inbound_source_register(purchase_orders_inbound)
