"""Row locks: taken only in the domains' ``locks`` modules, several rows in primary-key order.

Two transactions that lock overlapping rows in the same order cannot deadlock on them; these
tests keep every multi-row lock to that order, and every lock where it can be checked."""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext

import saleor_oms_plugin
from saleor_oms_plugin.availability import locks as availability_locks
from saleor_oms_plugin.availability.models import DirtyAvailability
from saleor_oms_plugin.capture import locks as capture_locks
from saleor_oms_plugin.capture.models import CapturedOrder
from saleor_oms_plugin.fulfilment import locks as fulfilment_locks
from saleor_oms_plugin.fulfilment.models import Backorder, RoutingPlan, RoutingRuleSet
from saleor_oms_plugin.inventory import locks as inventory_locks
from saleor_oms_plugin.inventory.models import StockLevel, StockWriteBack
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.replenishment import locks as replenishment_locks
from saleor_oms_plugin.replenishment.models import DirtyStock, SalesVelocity
from saleor_oms_plugin.rules import locks as rules_locks
from saleor_oms_plugin.rules.models import PendingEvaluation
from saleor_oms_plugin.tenants import locks as tenants_locks
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.warehouse import locks as warehouse_locks
from saleor_oms_plugin.warehouse.models import Parcel, PickSplit, Release
from saleor_oms_plugin.webhooks import locks as webhooks_locks
from saleor_oms_plugin.webhooks.models import Delivery
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import make_stock
from tests.fixtures.tenants import make_capture_tenant

PACKAGE = Path(saleor_oms_plugin.__file__).parent
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)

# Every lock of several rows, called with arguments that need no rows to exist, and its model.
MULTI_ROW: dict[Callable[..., Any], tuple[Callable[[], Any], type[models.Model]]] = {
    fulfilment_locks.lock_rulesets_named: (
        lambda: fulfilment_locks.lock_rulesets_named(1, "default"),
        RoutingRuleSet,
    ),
    fulfilment_locks.lock_published_rulesets: (
        lambda: fulfilment_locks.lock_published_rulesets(1, "web"),
        RoutingRuleSet,
    ),
    fulfilment_locks.lock_plans_of_order: (
        lambda: fulfilment_locks.lock_plans_of_order(Order(pk=1)),
        RoutingPlan,
    ),
    fulfilment_locks.lock_backorders: (
        lambda: fulfilment_locks.lock_backorders(1, [3, 1, 2]),
        Backorder,
    ),
    fulfilment_locks.lock_live_backorders_of_order: (
        lambda: fulfilment_locks.lock_live_backorders_of_order(Order(pk=1)),
        Backorder,
    ),
    fulfilment_locks.lock_claimable_backorders: (
        lambda: fulfilment_locks.lock_claimable_backorders(1, [3, 1, 2], _EPOCH),
        Backorder,
    ),
    inventory_locks.lock_stock_levels: (
        lambda: inventory_locks.lock_stock_levels([3, 1, 2]),
        StockLevel,
    ),
    inventory_locks.lock_stock_levels_of: (
        lambda: inventory_locks.lock_stock_levels_of(StockLevel.objects.filter(tenant_id=1)),
        StockLevel,
    ),
    inventory_locks.lock_pending_write_backs: (
        lambda: inventory_locks.lock_pending_write_backs([3, 1, 2]),
        StockWriteBack,
    ),
    inventory_locks.lock_write_backs: (
        lambda: inventory_locks.lock_write_backs([3, 1, 2]),
        StockWriteBack,
    ),
    replenishment_locks.lock_velocities: (
        lambda: replenishment_locks.lock_velocities([3, 1, 2]),
        SalesVelocity,
    ),
    tenants_locks.lock_tenants_with_token: (tenants_locks.lock_tenants_with_token, Tenant),
    warehouse_locks.lock_releases: (lambda: warehouse_locks.lock_releases([3, 1, 2]), Release),
    warehouse_locks.lock_splits: (lambda: warehouse_locks.lock_splits(1), PickSplit),
    warehouse_locks.lock_parcels: (lambda: warehouse_locks.lock_parcels(1), Parcel),
    warehouse_locks.lock_manifest_parcels: (
        lambda: warehouse_locks.lock_manifest_parcels(1, 1, "own_fleet"),
        Parcel,
    ),
    capture_locks.lock_claimed: (lambda: capture_locks.lock_claimed(1, [3, 1, 2]), CapturedOrder),
    webhooks_locks.lock_deliveries_waiting_for: (
        lambda: webhooks_locks.lock_deliveries_waiting_for(1, "order:1"),
        Delivery,
    ),
}

# Queue claims keep their queue's order: they skip locked rows, so they never wait and
# cannot deadlock.
QUEUE_CLAIMS: dict[Callable[..., Any], tuple[Callable[[], Any], type[models.Model]]] = {
    capture_locks.lock_sendable: (
        lambda: capture_locks.lock_sendable(1, now=_EPOCH, limit=50),
        CapturedOrder,
    ),
    availability_locks.lock_dirty_variant_ids: (
        lambda: availability_locks.lock_dirty_variant_ids(1, 10),
        DirtyAvailability,
    ),
    replenishment_locks.lock_dirty_stock_ids: (
        lambda: replenishment_locks.lock_dirty_stock_ids(1, 10),
        DirtyStock,
    ),
    rules_locks.lock_overdue_evaluations: (
        lambda: rules_locks.lock_overdue_evaluations(_EPOCH, max_sends=20, limit=10),
        PendingEvaluation,
    ),
    warehouse_locks.lock_parcels_to_track: (
        lambda: warehouse_locks.lock_parcels_to_track(
            1, ["http"], since=_EPOCH, asked_before=_EPOCH, now=_EPOCH, limit=10
        ),
        Parcel,
    ),
}


def _domain_locks_modules() -> list[Any]:
    """Each domain's locks module (``core.locks`` holds the helpers they are built on)."""
    return [
        importlib.import_module(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        for path in sorted(PACKAGE.rglob("locks.py"))
        if path.parent.name != "core"
    ]


def _sql_of(call: Callable[[], Any]) -> list[str]:
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        with suppress(ObjectDoesNotExist):  # asked for rows that do not exist
            call()
    return [query["sql"] for query in queries.captured_queries]


def test_select_for_update_only_in_locks_modules():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "locks.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "select_for_update" in line
    ]
    assert offenders == [], "row locks belong in the domain's locks.py"


def test_every_multi_row_lock_is_checked_here():
    """A new lock returning a list must join MULTI_ROW (or, a skip-locked claim, QUEUE_CLAIMS)."""
    listed = {f"{f.__module__}.{f.__name__}" for f in (*MULTI_ROW, *QUEUE_CLAIMS)}
    multi_row = {
        f"{module.__name__}.{name}"
        for module in _domain_locks_modules()
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and str(inspect.signature(function).return_annotation).startswith("list[")
    }
    assert multi_row == listed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lock", MULTI_ROW, ids=lambda f: f"{f.__module__.split('.')[1]}.{f.__name__}"
)
def test_multi_row_lock_is_one_query_in_primary_key_order(lock):
    call, model = MULTI_ROW[lock]
    (sql,) = _sql_of(call)
    table = model._meta.db_table
    assert re.search(rf'ORDER BY "{table}"\."id" ASC FOR UPDATE', sql), sql


@pytest.mark.django_db
@pytest.mark.parametrize(
    "claim", QUEUE_CLAIMS, ids=lambda f: f"{f.__module__.split('.')[1]}.{f.__name__}"
)
def test_queue_claim_skips_locked_rows(claim):
    call, _ = QUEUE_CLAIMS[claim]
    (sql,) = _sql_of(call)
    assert sql.endswith("FOR UPDATE SKIP LOCKED"), sql


@pytest.mark.django_db
def test_locked_rows_come_back_in_primary_key_order_and_all_or_none():
    tenant = make_capture_tenant()
    location = make_location(tenant, "Main")
    stocks = [make_stock(tenant, location, f"variant-{n}") for n in range(3)]
    ids = [stock.pk for stock in stocks]
    with transaction.atomic():
        locked = inventory_locks.lock_stock_levels(reversed(ids))
        assert [stock.pk for stock in locked] == sorted(ids)
        with pytest.raises(StockLevel.DoesNotExist):
            inventory_locks.lock_stock_levels([ids[0], max(ids) + 1])
