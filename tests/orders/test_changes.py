"""``orders.changes``: the listeners hear of every write of an order, never of a stale payload."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.orders import changes
from tests.fixtures.insights import Shipment, Version, apply_fulfillment, apply_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch):
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(changes, "_LISTENERS", [])
    changes.order_changes_listen(lambda tenant_id, order_id: calls.append((tenant_id, order_id)))
    return calls


def test_created_updated_and_fulfilled_orders_are_announced(capture_tenant, heard):
    apply_order(capture_tenant.pk, Version(1))
    apply_order(capture_tenant.pk, Version(1, version=2, status="FULFILLED"))
    apply_fulfillment(capture_tenant.pk, 1, 3, Shipment(1))
    assert len(heard) == 3 and {tenant for tenant, _ in heard} == {capture_tenant.pk}


def test_stale_payloads_are_not_announced(capture_tenant, heard):
    apply_order(capture_tenant.pk, Version(1, version=2, shipments=(Shipment(1),)))
    apply_order(capture_tenant.pk, Version(1, version=1))
    apply_fulfillment(capture_tenant.pk, 1, 0, Shipment(1))
    assert len(heard) == 1


def test_registering_twice_is_one_listener(monkeypatch):
    monkeypatch.setattr(changes, "_LISTENERS", [])
    listener = lambda tenant_id, order_id: None  # noqa: E731
    changes.order_changes_listen(listener)
    changes.order_changes_listen(listener)
    assert changes._LISTENERS == [listener]
