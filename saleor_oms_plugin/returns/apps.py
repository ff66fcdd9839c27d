from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "saleor_oms_plugin.returns"
    label = "oms_returns"

    def ready(self) -> None:
        from saleor_oms_plugin.returns.events import RETURN_TRIGGERS
        from saleor_oms_plugin.rules.fields import Subject
        from saleor_oms_plugin.rules.triggers import register_trigger

        # Every move of a return is a rule trigger about its order (published by transitions).
        for event, description in RETURN_TRIGGERS.items():
            register_trigger(event, Subject.ORDER, description)
