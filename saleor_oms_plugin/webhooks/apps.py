from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "saleor_oms_plugin.webhooks"
    label = "oms_webhooks"

    def ready(self) -> None:
        from saleor_oms_plugin.core.metrics import scrape_collector_register
        from saleor_oms_plugin.tenants.read_models_step import register_read_models_import
        from saleor_oms_plugin.webhooks.handlers import register_foundation_handlers
        from saleor_oms_plugin.webhooks.metrics import inbox_readings
        from saleor_oms_plugin.webhooks.read_model_import import tenant_import_read_models_run

        register_foundation_handlers()
        register_read_models_import(tenant_import_read_models_run)
        scrape_collector_register("webhook_inbox", inbox_readings)
