"""SQL per order of the pipeline: what the read-model listener adds and what the task's service
costs, exactly, whatever the order's number of lines and the customer's history
(``bench/screening.py`` measures the time; this keeps the count from creeping back up)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.orders.models import Order, OrderLine
from saleor_oms_plugin.screening import listeners
from saleor_oms_plugin.screening.listeners import on_order_changed
from saleor_oms_plugin.screening.models import KnownVariant, ScreeningResult
from saleor_oms_plugin.screening.services import (
    known_variants_backfill,
    order_screen,
    screening_config_set,
)
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import make_channel, make_stock
from tests.fixtures.screening import ENABLED, MUG, make_new_order

pytestmark = pytest.mark.django_db
STAFF = Actor("staff", "VXNlcjox")
PRODUCT = "UHJvZHVjdDox"
# Other variants of the mug: in stock, so a short line has substitutes to propose.
SIBLINGS = ["UHJvZHVjdFZhcmlhbnQ6NDAy", "UHJvZHVjdFZhcmlhbnQ6NDAz", "UHJvZHVjdFZhcmlhbnQ6NDA0"]

# listener: the order with its result and configuration, the pending result inserted in the
# same statement (1); service: the order with its result, configuration, channel, lines and
# the variants known for its products (1), available-to-sell of them all with the history
# counts (1), the result stored by a conditional update with its audit event and the
# variants learnt (1), the rules' look for an enabled rule on the outcome's trigger, before
# they store an evaluation of it (1)
HELD = 5
# passed: the routing side looks whether to route it now (1)
PASSED = HELD + 1


@pytest.fixture(autouse=True)
def _cold_process(monkeypatch):
    # Every test starts as a fresh process would: no configuration known to enable screening.
    monkeypatch.setattr(listeners, "_ENABLING", set())


def _listener_queries(tenant, order):
    with CaptureQueriesContext(connection) as captured:
        with transaction.atomic():  # the read model writer's
            on_order_changed(tenant.pk, order.pk)
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]


def _warm_up(tenant):
    """The listener meets the configuration once, on an order of another channel, customer
    and address (it counts in no history of the orders measured)."""
    order = make_new_order(
        tenant,
        9000,
        email="warm-up@example.com",
        channel_slug="warm-up",
        shipping={"streetAddress1": "9 Other St", "postalCode": "94105", "country": "US"},
    )
    _listener_queries(tenant, order)


@pytest.fixture
def shop(capture_tenant):
    screening_config_set(
        tenant_id=capture_tenant.pk, channel_slug="", document=ENABLED, actor=STAFF
    )
    la = make_location(capture_tenant, "Los Angeles")
    make_channel(capture_tenant, "default-channel", [la])
    for variant_id in [MUG, *SIBLINGS]:
        make_stock(capture_tenant, la, variant_id, on_hand=10)
    KnownVariant.objects.bulk_create(
        KnownVariant(tenant=capture_tenant, product_id=PRODUCT, variant_id=variant_id)
        for variant_id in SIBLINGS
    )
    _warm_up(capture_tenant)
    return capture_tenant


def _order(tenant, number, *, lines, quantity=2, email="ada@example.com"):
    """A new order of ``lines`` lines (the mug and its siblings); its variants known."""
    order = make_new_order(tenant, number, quantity=quantity, email=email)
    for position, variant_id in enumerate(SIBLINGS[: lines - 1], start=1):
        OrderLine.objects.create(
            order=order,
            saleor_id=f"line-{order.pk}-{position}",
            product_name="Mug",
            variant_name=f"Colour {position}",
            sku=f"MUG-{position}",
            variant_id=variant_id,
            product_id=PRODUCT,
            quantity=quantity,
            quantity_to_fulfill=quantity,
            unit_price_gross=Decimal("1.00"),
            position=position,
        )
    known_variants_backfill(tenant_id=tenant.pk)
    return order


def _history(tenant, count):
    """``count`` earlier orders of the same customer to the same address, in the window."""
    for n in range(count):
        past = make_new_order(tenant, 900 + n, created=timezone.now() - timedelta(hours=n + 1))
        Order.objects.filter(pk=past.pk).update(status="FULFILLED")


def _queries(tenant, order):
    with CaptureQueriesContext(connection) as captured:
        with transaction.atomic():  # the read model writer's
            on_order_changed(tenant.pk, order.pk)
        result = order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())
    # The test's own transaction turns every atomic block into a savepoint: not the service's.
    sql = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    return result, sql


@pytest.mark.parametrize(("lines", "history"), [(1, 0), (3, 0), (1, 2), (3, 2)])
def test_an_order_that_passes_costs_the_same_whatever_its_size(shop, lines, history):
    _history(shop, history)
    order = _order(shop, 1, lines=lines)

    result, sql = _queries(shop, order)

    assert result.state == "PASSED"
    assert len(sql) == PASSED, "\n".join(sql)


@pytest.mark.parametrize("lines", [1, 3])
def test_an_order_held_short_with_substitutes_costs_the_same(shop, lines):
    # every line needs more than the 10 units each location holds: all short, the siblings
    # not on the order proposed
    _history(shop, 2)
    order = _order(shop, 1, lines=lines, quantity=11)

    result, sql = _queries(shop, order)

    assert result.state == "HELD"
    (stock,) = [c for c in result.checks if c["check"] == "stock"]
    assert stock["code"] == "STOCK_PARTIAL"
    proposed = stock["suggestion"]["substitutes"]
    assert len(proposed) == lines and all(proposed.values())
    assert len(sql) == HELD, "\n".join(sql)


def test_an_order_of_variants_never_seen_learns_them_in_the_same_statements(shop):
    order = make_new_order(shop, 1)  # its variant not learnt yet

    result, sql = _queries(shop, order)

    assert result.state == "PASSED"
    assert len(sql) == PASSED
    assert KnownVariant.objects.filter(tenant=shop, variant_id=MUG, product_id=PRODUCT).exists()


def test_the_listener_parses_a_configuration_once_and_sees_every_change(capture_tenant):
    """A new order costs the listener one statement once the process has met its
    configuration; a change of the configuration is met afresh (one statement more, once)
    and obeyed at once: never a stale answer."""
    tenant = capture_tenant
    numbers = iter(range(1, 100))

    def listened():
        order = make_new_order(tenant, next(numbers))
        sql = _listener_queries(tenant, order)
        return len(sql), ScreeningResult.objects.filter(order=order).exists()

    def configure(document, channel_slug=""):
        screening_config_set(
            tenant_id=tenant.pk, channel_slug=channel_slug, document=document, actor=STAFF
        )

    assert listened() == (1, False)  # screening never configured: off
    configure(ENABLED)
    assert listened() == (2, True)  # met once: read, then the pending result
    assert listened() == (1, True)
    configure({"enabled": False})
    assert listened() == (1, False)
    configure(ENABLED)  # the documents met before: known still
    assert listened() == (1, True)
    configure({"enabled": False}, channel_slug="default-channel")
    assert listened() == (1, False)  # a channel's override counts too
    configure({"enabled": True, "risk": {"windowHours": 48}}, channel_slug="default-channel")
    assert listened() == (2, True)
    assert listened() == (1, True)
