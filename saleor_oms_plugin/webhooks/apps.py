from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "saleor_oms_plugin.webhooks"
    label = "oms_webhooks"

    def ready(self) -> None:
        from saleor_oms_plugin.webhooks.handlers import register_foundation_handlers

        register_foundation_handlers()
