from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "saleor_oms_plugin.rules"
    label = "oms_rules"

    def ready(self) -> None:
        from saleor_oms_plugin.core.events import listen
        from saleor_oms_plugin.core.metrics import scrape_collector_register
        from saleor_oms_plugin.rules.actions.builtin import register_builtin_actions
        from saleor_oms_plugin.rules.handlers import register_rule_handlers
        from saleor_oms_plugin.rules.metrics import pending_evaluation_readings
        from saleor_oms_plugin.rules.published import on_published
        from saleor_oms_plugin.rules.scheduling import rules_schedule_on_settings_change
        from saleor_oms_plugin.tenants.settings_changes import register_settings_listener

        register_builtin_actions()
        register_settings_listener(rules_schedule_on_settings_change)
        # Events other domains publish (returns, replenishment) reach the rules here.
        listen(on_published)
        # After the read-model handlers (this app is listed after webhooks and orders): the
        # order row already holds the payload when the rules handler looks at it.
        register_rule_handlers()
        scrape_collector_register("rule_evaluations", pending_evaluation_readings)
