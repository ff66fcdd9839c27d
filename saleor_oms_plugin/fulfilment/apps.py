from django.apps import AppConfig


class FulfilmentConfig(AppConfig):
    name = "saleor_oms_plugin.fulfilment"
    label = "oms_fulfilment"

    def ready(self) -> None:
        from saleor_oms_plugin.core.events import listen
        from saleor_oms_plugin.fulfilment.handlers import register_fulfilment_handlers
        from saleor_oms_plugin.fulfilment.published import on_published
        from saleor_oms_plugin.fulfilment.rule_actions import provide_routing_actions

        register_fulfilment_handlers()
        provide_routing_actions()
        # The warehouse's short picks (pick.short) reach the short-pick path here.
        listen(on_published)
