from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "saleor_oms_plugin.inventory"
    label = "oms_inventory"

    def ready(self) -> None:
        from saleor_oms_plugin.inventory.handlers import register_inventory_handlers
        from saleor_oms_plugin.inventory.reconcile import inventory_import_followup
        from saleor_oms_plugin.tenants.import_followups import register_import_followup

        register_inventory_handlers()
        register_import_followup(inventory_import_followup)
