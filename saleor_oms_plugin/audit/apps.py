from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "saleor_oms_plugin.audit"
    label = "oms_audit"
