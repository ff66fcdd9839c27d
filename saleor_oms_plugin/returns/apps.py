from django.apps import AppConfig

# Lifecycle moves published as rule triggers besides return.requested/approved/received,
# which the rules domain knows already.
RETURN_TRIGGERS = (
    "return.rejected",
    "return.in_transit",
    "return.inspected",
    "return.completed",
    "return.cancelled",
)


class ReturnsConfig(AppConfig):
    name = "saleor_oms_plugin.returns"
    label = "oms_returns"

    def ready(self) -> None:
        from saleor_oms_plugin.rules.fields import Subject
        from saleor_oms_plugin.rules.triggers import register_trigger

        for name in RETURN_TRIGGERS:
            register_trigger(name, Subject.ORDER)
