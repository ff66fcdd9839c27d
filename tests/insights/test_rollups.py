"""The daily rollups as order payloads arrive: what each figure counts, per currency, and
that a payload delivered twice or late counts once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from saleor_oms_plugin.insights.models import DailyRollup
from saleor_oms_plugin.insights.rebuild import rollups_rebuild
from tests.fixtures.insights import Shipment, Version, apply_fulfillment, apply_order, stored_rows

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)
OTHER_WAREHOUSE = "V2FyZWhvdXNlOjI="


def _order_level(tenant_id: int, **key: str) -> DailyRollup:
    return DailyRollup.objects.get(tenant_id=tenant_id, warehouse_id="", **key)


def test_an_order_counts_in_its_day_channel_and_currency(capture_tenant):
    # when two orders arrive, the second in another currency
    apply_order(capture_tenant.pk, Version(1, quantities=(2, 3), total="25.50"))
    apply_order(capture_tenant.pk, Version(2, currency="EUR", total="7.00"))
    # then each currency has its own row: money is not added across them
    usd = _order_level(capture_tenant.pk, currency="USD")
    assert (usd.day, usd.channel_slug, usd.orders, usd.lines, usd.units) == (DAY, "oms-us", 1, 2, 5)
    assert usd.gross_total == Decimal("25.50")
    assert _order_level(capture_tenant.pk, currency="EUR").gross_total == Decimal("7.00")


def test_a_cancelled_order_leaves_the_figures_and_counts_as_cancelled(capture_tenant):
    apply_order(capture_tenant.pk, Version(1, total="10.00"))
    apply_order(capture_tenant.pk, Version(2, total="5.00"))
    # when the first one is cancelled
    apply_order(capture_tenant.pk, Version(1, version=1, status="CANCELED", total="10.00"))
    row = _order_level(capture_tenant.pk)
    assert (row.orders, row.cancelled_orders, row.gross_total) == (1, 1, Decimal("5.00"))


def test_a_payload_delivered_twice_or_late_counts_once(capture_tenant):
    newer = Version(1, version=2, quantities=(4,), total="40.00")
    apply_order(capture_tenant.pk, newer)
    once = stored_rows(capture_tenant.pk)
    # when the same payload comes again, then an older one
    apply_order(capture_tenant.pk, newer)
    apply_order(capture_tenant.pk, Version(1, version=1, quantities=(1,), total="10.00"))
    # then nothing changed
    assert stored_rows(capture_tenant.pk) == once
    assert _order_level(capture_tenant.pk).units == 4


def test_shipments_split_rate_and_locations(capture_tenant):
    # given an order shipped from two warehouses and one shipped once
    apply_order(capture_tenant.pk, Version(1, quantities=(3,)))
    apply_fulfillment(capture_tenant.pk, 1, 1, Shipment(1, units=1))
    apply_fulfillment(capture_tenant.pk, 1, 2, Shipment(2, warehouse=OTHER_WAREHOUSE, units=2))
    apply_order(capture_tenant.pk, Version(2, shipments=(Shipment(1),)))
    # and a cancelled fulfilment, which does not count
    apply_order(capture_tenant.pk, Version(3, shipments=(Shipment(1, status="CANCELED", units=1),)))
    row = _order_level(capture_tenant.pk)
    assert (row.shipped_orders, row.split_orders, row.shipments) == (2, 1, 3)
    by_location = {
        r.warehouse_id: (r.shipments, r.units_shipped)
        for r in DailyRollup.objects.exclude(warehouse_id="")
    }
    assert by_location == {Shipment(1).warehouse: (2, 2), OTHER_WAREHOUSE: (1, 2)}


def test_an_order_turned_draft_empties_its_bucket(capture_tenant):
    apply_order(capture_tenant.pk, Version(1))
    apply_order(capture_tenant.pk, Version(1, version=1, status="DRAFT"))
    assert stored_rows(capture_tenant.pk) == []


def test_the_rebuild_command_writes_the_same_rows(capture_tenant):
    apply_order(capture_tenant.pk, Version(1, quantities=(2,), shipments=(Shipment(1),)))
    apply_order(capture_tenant.pk, Version(2, created_minutes=120, currency="EUR"))
    kept = stored_rows(capture_tenant.pk)
    DailyRollup.objects.update(orders=99)
    out = StringIO()
    call_command("insights", "rebuild", "--api-url", capture_tenant.saleor_api_url, stdout=out)
    assert out.getvalue().startswith("3 rollup rows")
    assert stored_rows(capture_tenant.pk) == kept
    assert rollups_rebuild(tenant_id=capture_tenant.pk) == 3
