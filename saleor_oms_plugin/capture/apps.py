from django.apps import AppConfig


class CaptureAppConfig(AppConfig):
    name = "saleor_oms_plugin.capture"
    label = "oms_capture"

    def ready(self) -> None:
        from saleor_oms_plugin.capture.events import CAPTURE_TRIGGERS
        from saleor_oms_plugin.capture.listeners import on_order_changed
        from saleor_oms_plugin.orders.changes import order_changes_listen
        from saleor_oms_plugin.rules.fields import EventField, FieldType, Subject
        from saleor_oms_plugin.rules.triggers import register_trigger

        order_changes_listen(on_order_changed)
        # What capture.created publishes (listeners.on_order_changed).
        fields = (
            EventField("source", FieldType.STRING, "The capture source's code."),
            EventField("externalReference", FieldType.STRING, "The order's reference there."),
        )
        for event, description in CAPTURE_TRIGGERS.items():
            register_trigger(event, Subject.ORDER, description, event_fields=fields)
