from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "saleor_oms_plugin.delivery"
    label = "oms_delivery"

    def ready(self) -> None:
        from saleor_oms_plugin.delivery.method_filter import shipping_filter_answer
        from saleor_oms_plugin.delivery.options import shipping_options_answer
        from saleor_oms_plugin.saleor.subscriptions import (
            CHECKOUT_FILTER_SHIPPING_METHODS,
            SHIPPING_LIST_METHODS_FOR_CHECKOUT,
        )
        from saleor_oms_plugin.webhooks.sync_answers import sync_answer_register

        sync_answer_register(SHIPPING_LIST_METHODS_FOR_CHECKOUT, shipping_options_answer)
        sync_answer_register(CHECKOUT_FILTER_SHIPPING_METHODS, shipping_filter_answer)
