from django.apps import AppConfig


class LocationsConfig(AppConfig):
    name = "saleor_oms_plugin.locations"
    label = "oms_locations"
