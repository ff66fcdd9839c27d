from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "saleor_oms_plugin.core"
    label = "oms_core"
