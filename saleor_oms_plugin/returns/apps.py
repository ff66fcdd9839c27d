from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "saleor_oms_plugin.returns"
    label = "oms_returns"
