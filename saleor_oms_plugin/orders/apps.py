from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "saleor_oms_plugin.orders"
    label = "oms_orders"
