from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "saleor_oms_plugin.rules"
    label = "oms_rules"

    def ready(self) -> None:
        from saleor_oms_plugin.rules.actions.builtin import register_builtin_actions
        from saleor_oms_plugin.rules.handlers import register_rule_handlers

        register_builtin_actions()
        # After the read-model handlers (this app is listed after webhooks and orders): the
        # order row already holds the payload when the rules handler looks at it.
        register_rule_handlers()
