from django.apps import AppConfig
from django.db import connection


class ScreeningAppConfig(AppConfig):
    name = "saleor_oms_plugin.screening"
    label = "oms_screening"

    def ready(self) -> None:
        from saleor_oms_plugin.orders.changes import order_changes_listen
        from saleor_oms_plugin.orders.gates import routing_gate_register
        from saleor_oms_plugin.rules.fields import EventField, FieldType, Subject
        from saleor_oms_plugin.rules.triggers import register_trigger
        from saleor_oms_plugin.screening.events import SCREENING_TRIGGERS
        from saleor_oms_plugin.screening.listeners import on_order_changed, screening_gate

        if connection.vendor == "postgresql":
            # The pipeline reads and writes with PostgreSQL statements (data-modifying CTEs,
            # arrays): on the embedded SQLite default of a first run no order is screened, and
            # enabling screening is refused there (``screening_config_set``).
            order_changes_listen(on_order_changed)
            routing_gate_register(screening_gate)
        # What every screening outcome publishes (services._facts).
        fields = (
            EventField(
                "riskScore", FieldType.NUMBER, "The risk score, 0-100 (empty without a risk check)."
            ),
            EventField("reasons", FieldType.SET, "Codes of the checks that did not pass."),
            EventField("currency", FieldType.STRING, "The order's currency."),
            EventField("channel", FieldType.STRING, "The order's channel (slug)."),
            EventField("marks", FieldType.SET, "VIP and special handling marks."),
        )
        for event, description in SCREENING_TRIGGERS.items():
            register_trigger(event, Subject.ORDER, description, event_fields=fields)
