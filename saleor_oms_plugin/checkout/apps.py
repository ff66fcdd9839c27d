from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "saleor_oms_plugin.checkout"
    label = "oms_checkout"

    def ready(self) -> None:
        from saleor_oms_plugin.checkout.events import CheckoutEvent
        from saleor_oms_plugin.checkout.handlers import register_checkout_handlers
        from saleor_oms_plugin.rules.fields import Subject
        from saleor_oms_plugin.rules.triggers import register_trigger

        register_checkout_handlers()
        register_trigger(
            CheckoutEvent.ABANDONED,
            Subject.CHECKOUT,
            "A checkout expired with lines and without an order (once per checkout).",
        )
