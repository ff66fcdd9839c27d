"""Stock change listeners: told after commit, never about a change that was rolled back."""

from __future__ import annotations

import pytest
from django.db import transaction

from saleor_oms_plugin.inventory import changes
from saleor_oms_plugin.inventory.ledger import Change, Origin, stock_change
from saleor_oms_plugin.inventory.models import StockMovement
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import OPERATOR, make_stock

pytestmark = pytest.mark.django_db(transaction=True)
VARIANT = "UHJvZHVjdFZhcmlhbnQ6NDA3"
ADJUSTMENT = Origin(reason=StockMovement.Reason.MANUAL_ADJUSTMENT, source="oms", actor=OPERATOR)


@pytest.fixture
def heard(monkeypatch):
    calls: list[tuple[int, frozenset[int]]] = []
    monkeypatch.setattr(changes, "_LISTENERS", [])
    changes.stock_changes_listen(lambda tenant_id, ids: calls.append((tenant_id, ids)))
    return calls


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


def test_a_listener_hears_a_change_only_once_it_commits(capture_tenant, heard):
    stock = make_stock(capture_tenant, make_location(capture_tenant, "LA"), VARIANT, on_hand=4)
    with transaction.atomic():
        stock_change(stock_id=stock.pk, change=Change(on_hand=2), origin=ADJUSTMENT)
        assert heard == []
    assert heard == [(capture_tenant.pk, frozenset({stock.pk}))]


def test_a_rolled_back_change_is_never_announced(capture_tenant, heard):
    stock = make_stock(capture_tenant, make_location(capture_tenant, "LA"), VARIANT, on_hand=4)
    with pytest.raises(RuntimeError), transaction.atomic():
        stock_change(stock_id=stock.pk, change=Change(on_hand=2), origin=ADJUSTMENT)
        raise RuntimeError("the caller fails after the change")
    assert heard == []


def test_a_failing_listener_does_not_silence_the_others(capture_tenant, heard):
    def broken(tenant_id: int, ids: frozenset[int]) -> None:
        raise ValueError("boom")

    changes._LISTENERS.insert(0, broken)
    stock = make_stock(capture_tenant, make_location(capture_tenant, "LA"), VARIANT, on_hand=4)
    stock_change(stock_id=stock.pk, change=Change(on_hand=-1), origin=ADJUSTMENT)
    assert heard == [(capture_tenant.pk, frozenset({stock.pk}))]


def test_one_transaction_is_one_notification_however_many_rows_it_changed(capture_tenant, heard):
    la = make_location(capture_tenant, "LA")
    stocks = [make_stock(capture_tenant, la, f"{VARIANT}{n}", on_hand=4) for n in range(3)]
    with transaction.atomic():
        for stock in stocks:
            stock_change(stock_id=stock.pk, change=Change(on_hand=1), origin=ADJUSTMENT)
    assert heard == [(capture_tenant.pk, frozenset(stock.pk for stock in stocks))]


def test_a_change_after_a_rolled_back_savepoint_is_still_announced(capture_tenant, heard):
    la = make_location(capture_tenant, "LA")
    first, second = (make_stock(capture_tenant, la, f"{VARIANT}{n}", on_hand=4) for n in (1, 2))
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            stock_change(stock_id=first.pk, change=Change(on_hand=1), origin=ADJUSTMENT)
            raise RuntimeError("the savepoint rolls back")
        stock_change(stock_id=second.pk, change=Change(on_hand=1), origin=ADJUSTMENT)
    assert heard == [(capture_tenant.pk, frozenset({second.pk}))]
