"""What the tenants domain records: installation, keys, settings and the initial import."""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class TenantEvent(DomainEvent):
    INSTALLED = "tenant.installed"
    REINSTALLED = "tenant.reinstalled"
    UNINSTALLED = "tenant.uninstalled"
    JWKS_ROTATED = "tenant.jwks_rotated"
    SETTINGS_UPDATED = "tenant.settings_updated"
    IMPORTED = "tenant.imported"
    IMPORT_STARTED = "tenant.import_started"
    IMPORT_FINISHED = "tenant.import_finished"
    IMPORT_RETRYING = "tenant.import_retrying"
    IMPORT_FAILED = "tenant.import_failed"
    API_KEY_CREATED = "api_key.created"
    API_KEY_REVOKED = "api_key.revoked"
