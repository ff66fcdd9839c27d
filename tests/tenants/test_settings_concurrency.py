"""Settings updates under real concurrency: several PostgreSQL connections at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_settings_update
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_updates_of_different_keys_all_survive():
    # given a tenant, and four staff members each changing another setting
    tenant = make_capture_tenant()
    changes = [
        {"routing": {"trigger": "created"}},
        {"routing": {"require_approval": True}},
        {"rules": {"interval_seconds": 120}},
        {"availability": {"max_attempts": 8}},
    ]
    barrier = threading.Barrier(len(changes))

    def update(change: dict) -> None:
        barrier.wait()
        try:
            tenant_settings_update(tenant_id=tenant.pk, changes=change, actor=Actor.operator("t"))
        finally:
            connection.close()

    # when they save at the same moment, each on its own connection
    with ThreadPoolExecutor(len(changes)) as pool:
        for future in [pool.submit(update, change) for change in changes]:
            future.result()
    # then no update lost another's key, and each was audited
    assert Tenant.objects.get(pk=tenant.pk).settings == {
        "routing": {"trigger": "created", "require_approval": True},
        "rules": {"interval_seconds": 120},
        "availability": {"max_attempts": 8},
    }
    assert AuditEvent.objects.filter(verb="tenant.settings_updated").count() == 4
