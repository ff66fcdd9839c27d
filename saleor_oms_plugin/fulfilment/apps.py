from django.apps import AppConfig


class FulfilmentConfig(AppConfig):
    name = "saleor_oms_plugin.fulfilment"
    label = "oms_fulfilment"

    def ready(self) -> None:
        from saleor_oms_plugin.fulfilment.handlers import register_fulfilment_handlers

        register_fulfilment_handlers()
