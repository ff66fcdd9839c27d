from django.apps import AppConfig


class ScreeningAppConfig(AppConfig):
    name = "saleor_oms_plugin.screening"
    label = "oms_screening"

    def ready(self) -> None:
        from saleor_oms_plugin.orders.changes import order_changes_listen
        from saleor_oms_plugin.orders.gates import routing_gate_register
        from saleor_oms_plugin.rules.fields import Subject
        from saleor_oms_plugin.rules.triggers import register_trigger
        from saleor_oms_plugin.screening.events import SCREENING_TRIGGERS
        from saleor_oms_plugin.screening.listeners import on_order_changed, screening_gate

        order_changes_listen(on_order_changed)
        routing_gate_register(screening_gate)
        for event, description in SCREENING_TRIGGERS.items():
            register_trigger(event, Subject.ORDER, description)
