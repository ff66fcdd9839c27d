from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "saleor_oms_plugin.tenants"
    label = "oms_tenants"
