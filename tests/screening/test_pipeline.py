"""The pipeline on real rows: facts from the read model and the ledger, the review queue,
staff decisions, rule events and the routing gate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.core import events as core_events
from saleor_oms_plugin.orders.changes import order_changed
from saleor_oms_plugin.orders.gates import routing_blocked
from saleor_oms_plugin.screening import services
from saleor_oms_plugin.screening.error_codes import ScreeningErrorCode
from saleor_oms_plugin.screening.errors import ScreeningError
from saleor_oms_plugin.screening.models import ScreeningResult
from saleor_oms_plugin.screening.selectors import review_queue
from saleor_oms_plugin.screening.services import (
    known_variants_backfill,
    order_screen,
    screening_cancel,
    screening_config_set,
    screening_release,
    screening_rerun,
)
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import make_channel, make_stock
from tests.fixtures.screening import ENABLED, MUG, make_new_order

pytestmark = pytest.mark.django_db
STAFF = Actor("staff", "VXNlcjox")
RED = "UHJvZHVjdFZhcmlhbnQ6NDAy"


@pytest.fixture
def published(monkeypatch):
    seen = []
    monkeypatch.setattr(core_events, "_listeners", [seen.append])
    return seen


@pytest.fixture
def shop(capture_tenant):
    screening_config_set(
        tenant_id=capture_tenant.pk, channel_slug="", document=ENABLED, actor=STAFF
    )
    la = make_location(capture_tenant, "Los Angeles")
    make_channel(capture_tenant, "default-channel", [la])
    make_stock(capture_tenant, la, MUG, on_hand=10)
    return capture_tenant, la


def _new(tenant, number, **kwargs):
    """A new order as a webhook leaves it: the read model written, its listeners told."""
    order = make_new_order(tenant, number, **kwargs)
    order_changed(tenant_id=tenant.pk, order_id=order.pk)
    return order


def test_a_new_order_waits_for_screening_then_passes(shop, published):
    tenant, _ = shop
    # when a new order arrives (tasks run eagerly: inside no transaction, at once)
    order = make_new_order(tenant, 1)
    ScreeningResult.objects.create(
        tenant=tenant, order=order, channel_slug=order.channel_slug, currency="USD"
    )
    # then routing waits while screening is pending
    assert routing_blocked(tenant_id=tenant.pk, order_id=order.pk) == "order screening is pending"

    result = order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())

    assert result.state == "PASSED"
    assert result.reason_codes == []
    assert [c["outcome"] for c in result.checks] == ["pass"] * 5
    assert routing_blocked(tenant_id=tenant.pk, order_id=order.pk) is None
    assert [(p.event.value, p.order_id, p.facts["riskScore"]) for p in published] == [
        ("screening.passed", order.pk, 0)
    ]


def test_the_listener_screens_new_orders_once(shop, django_capture_on_commit_callbacks):
    tenant, _ = shop
    with django_capture_on_commit_callbacks(execute=True):
        order = _new(tenant, 1)
        order_changed(tenant_id=tenant.pk, order_id=order.pk)  # a second write: no new run

    result = ScreeningResult.objects.get(order=order)
    assert (result.state, result.runs) == ("PASSED", 1)


def test_old_orders_and_tenants_without_screening_are_not_screened(
    shop, capture_tenant, django_capture_on_commit_callbacks
):
    tenant, _ = shop
    from tests.fixtures.tenants import make_capture_tenant

    other = make_capture_tenant(api_url="http://other.example/graphql/")
    with django_capture_on_commit_callbacks(execute=True):
        old = _new(tenant, 1, created=timezone.now() - timedelta(days=30))
        elsewhere = _new(other, 2)
        shipped = _new(tenant, 3, status="FULFILLED")

    assert not ScreeningResult.objects.filter(order__in=[old, elsewhere, shipped]).exists()
    assert routing_blocked(tenant_id=other.pk, order_id=elsewhere.pk) is None


def test_an_order_that_fails_waits_in_the_queue_with_its_reasons(
    shop, published, django_capture_on_commit_callbacks
):
    tenant, _ = shop
    with django_capture_on_commit_callbacks(execute=True):
        order = _new(tenant, 1, email="x@mailinator.com", charge_status="NONE", quantity=12)

    result = ScreeningResult.objects.get(order=order)
    assert result.state == "HELD"
    assert result.reason_codes == ["STOCK_PARTIAL", "PAYMENT_MISSING", "RISK_REVIEW"]
    assert result.risk_score == 30
    assert list(review_queue(tenant_id=tenant.pk)) == [result]
    assert list(review_queue(tenant_id=tenant.pk, reason="PAYMENT_MISSING")) == [result]
    assert list(review_queue(tenant_id=tenant.pk, reason="ADDRESS_PO_BOX")) == []
    assert list(review_queue(tenant_id=tenant.pk, channel_slug="other")) == []
    assert routing_blocked(tenant_id=tenant.pk, order_id=order.pk) == "order screening is held"
    held = [p for p in published if p.event.value == "screening.held"]
    assert held[0].facts == {
        "riskScore": 30,
        "reasons": ["STOCK_PARTIAL", "PAYMENT_MISSING", "RISK_REVIEW"],
        "currency": "USD",
        "channel": "default-channel",
        "marks": [],
    }
    assert AuditEvent.objects.filter(tenant=tenant, verb="screening.held").count() == 1


def test_stock_counts_the_orders_own_allocations_and_proposes_sibling_variants(shop):
    tenant, la = shop
    make_stock(tenant, la, RED, on_hand=20)
    # the red mug was sold before: the read model knows it as a variant of the same product,
    # learnt when screening is enabled
    make_new_order(tenant, 90, variant_id=RED, created=timezone.now() - timedelta(days=20))
    assert known_variants_backfill(tenant_id=tenant.pk) == 1
    order = make_new_order(tenant, 1, quantity=12)
    line = order.lines.get()
    line.allocations = [{"id": "a", "quantity": 1, "warehouse_id": la.saleor_id}]
    line.save()

    result = order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())

    stock = next(c for c in result.checks if c["check"] == "stock")
    assert (stock["outcome"], stock["code"]) == ("fix", "STOCK_PARTIAL")
    assert stock["facts"]["short"][0]["missing"] == 1  # 12 wanted, 10 + its own 1 available
    assert stock["suggestion"]["substitutes"][line.saleor_id][0]["variantId"] == RED


def test_staff_release_a_held_order_and_routing_is_told(shop, published, monkeypatch):
    tenant, _ = shop
    opened = []
    monkeypatch.setattr("saleor_oms_plugin.orders.gates._OPENED", [lambda t, o: opened.append(o)])
    order = make_new_order(tenant, 1, charge_status="NONE")
    order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())

    result = screening_release(tenant_id=tenant.pk, order_id=order.pk, actor=STAFF, note="ok")

    assert (result.state, result.decided_by, result.decision_note) == ("RELEASED", STAFF.id, "ok")
    assert opened == [order.pk]
    assert routing_blocked(tenant_id=tenant.pk, order_id=order.pk) is None
    assert published[-1].event.value == "screening.released"
    assert AuditEvent.objects.filter(tenant=tenant, verb="screening.released").count() == 1


def test_a_corrected_order_is_rerun_and_passes(shop):
    tenant, _ = shop
    order = make_new_order(tenant, 1, charge_status="NONE")
    order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())
    # the customer paid: Saleor's next payload marks it charged
    order.charge_status, order.total_charged = "FULL", order.total_gross
    order.save()

    result = screening_rerun(tenant_id=tenant.pk, order_id=order.pk, actor=STAFF)

    assert (result.state, result.runs, result.reason_codes) == ("PASSED", 2, [])
    assert AuditEvent.objects.filter(tenant=tenant, verb="screening.rerun").count() == 1


def test_a_held_order_changed_in_saleor_is_checked_again(shop, django_capture_on_commit_callbacks):
    tenant, _ = shop
    order = make_new_order(tenant, 1, charge_status="NONE")
    order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())
    order.charge_status, order.total_charged = "FULL", order.total_gross
    order.saleor_updated_at += timedelta(minutes=5)
    order.save()

    with django_capture_on_commit_callbacks(execute=True):
        order_changed(tenant_id=tenant.pk, order_id=order.pk)

    assert ScreeningResult.objects.get(order=order).state == "PASSED"


def test_a_cancelled_order_stays_blocked_and_saleor_is_not_called(shop, published):
    tenant, _ = shop
    order = make_new_order(tenant, 1, charge_status="NONE")
    order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())

    result = screening_cancel(tenant_id=tenant.pk, order_id=order.pk, actor=STAFF, note="fraud")

    assert result.state == "CANCELLED"
    assert routing_blocked(tenant_id=tenant.pk, order_id=order.pk) == "order screening is cancelled"
    audit = AuditEvent.objects.get(tenant=tenant, verb="screening.cancelled")
    assert "no orderCancel document" in audit.data["saleor"]
    assert published[-1].event.value == "screening.cancelled"


def test_decisions_on_orders_not_held_are_refused_changing_nothing(shop):
    tenant, _ = shop
    order = make_new_order(tenant, 1)
    order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())  # passes
    before = AuditEvent.objects.count()

    for decide in (screening_release, screening_cancel, screening_rerun):
        with pytest.raises(ScreeningError) as raised:
            decide(tenant_id=tenant.pk, order_id=order.pk, actor=STAFF)
        assert raised.value.code == ScreeningErrorCode.ILLEGAL_TRANSITION

    assert ScreeningResult.objects.get(order=order).state == "PASSED"
    assert AuditEvent.objects.count() == before


def test_another_tenants_order_is_not_found(shop):
    tenant, _ = shop
    from tests.fixtures.tenants import make_capture_tenant

    other = make_capture_tenant(api_url="http://other.example/graphql/")
    order = make_new_order(tenant, 1, charge_status="NONE")
    order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())

    with pytest.raises(ScreeningError) as raised:
        screening_release(tenant_id=other.pk, order_id=order.pk, actor=STAFF)

    assert raised.value.code == ScreeningErrorCode.NOT_FOUND
    assert ScreeningResult.objects.get(order=order).state == "HELD"


def test_an_invalid_configuration_is_refused_whole(shop):
    tenant, _ = shop
    screening_config_set(
        tenant_id=tenant.pk, channel_slug="eu", document={"risk": {"reviewAt": 50}}, actor=STAFF
    )

    # a tenant document that would make the channel's invalid (review above hold) is refused
    with pytest.raises(ScreeningError) as raised:
        screening_config_set(
            tenant_id=tenant.pk, channel_slug="", document={"risk": {"holdAt": 40}}, actor=STAFF
        )

    assert raised.value.code == ScreeningErrorCode.INVALID_CONFIG
    assert "channel eu" in raised.value.message
    from saleor_oms_plugin.screening.models import ScreeningConfig

    assert ScreeningConfig.objects.get(tenant=tenant, channel_slug="").document == ENABLED


def test_enabling_screening_learns_variants_and_screened_orders_add_theirs(
    capture_tenant, django_capture_on_commit_callbacks
):
    from saleor_oms_plugin.screening.models import KnownVariant

    make_new_order(capture_tenant, 90, variant_id=RED, created=timezone.now() - timedelta(days=20))
    with django_capture_on_commit_callbacks(execute=True):
        screening_config_set(
            tenant_id=capture_tenant.pk, channel_slug="", document=ENABLED, actor=STAFF
        )
    assert list(KnownVariant.objects.values_list("variant_id", "name")) == [(RED, "Mug Blue")]

    order = make_new_order(capture_tenant, 1)
    order_screen(tenant_id=capture_tenant.pk, order_id=order.pk, actor=Actor.system())

    assert set(KnownVariant.objects.values_list("variant_id", flat=True)) == {RED, MUG}
    assert known_variants_backfill(tenant_id=capture_tenant.pk) == 0  # safe to repeat


def test_a_run_that_lost_the_race_to_store_the_first_result_changes_nothing(
    shop, published, monkeypatch
):
    # given a pending order, and another worker storing its first run while this one gathers
    # (the first run is stored by a conditional update on the pending state, without a lock)
    tenant, _ = shop
    order = make_new_order(tenant, 1)
    ScreeningResult.objects.create(
        tenant=tenant, order=order, channel_slug=order.channel_slug, currency="USD"
    )
    gather = services.order_gather

    def gather_while_another_run_stores(loaded):
        monkeypatch.setattr(services, "order_gather", gather)
        order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())
        return gather(loaded)

    monkeypatch.setattr(services, "order_gather", gather_while_another_run_stores)

    # when this run stores what it found
    result = order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())

    # then the other run's result stands: stored once, announced once
    assert result.state == "PASSED" and result.runs == 1
    assert [p.event.value for p in published] == ["screening.passed"]
    assert AuditEvent.objects.filter(verb="screening.passed", subject_id=str(order.pk)).count() == 1


def test_a_run_that_finds_its_pending_result_stored_meanwhile_writes_nothing(
    shop, published, monkeypatch
):
    tenant, _ = shop
    order = make_new_order(tenant, 1)
    ScreeningResult.objects.create(
        tenant=tenant, order=order, channel_slug=order.channel_slug, currency="USD"
    )
    # a second run read the result pending, then the first one stored it
    stale = services.order_load(tenant_id=tenant.pk, order_id=order.pk)
    order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())
    audited, announced = AuditEvent.objects.count(), len(published)
    monkeypatch.setattr(services, "order_load", lambda **_: stale)

    result = order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())

    assert (result.state, result.runs) == ("PASSED", 1)
    assert AuditEvent.objects.count() == audited  # the audit event only with the update
    assert len(published) == announced


def test_enabling_screening_on_the_embedded_sqlite_default_is_refused(capture_tenant, monkeypatch):
    # the pipeline's statements are PostgreSQL's: on SQLite its listeners are not registered,
    # so a merchant switching it on there is told why instead of seeing nothing happen
    from django.db import connection

    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(ScreeningError) as refused:
        services.screening_config_set(
            tenant_id=capture_tenant.pk, channel_slug="", document=ENABLED, actor=STAFF
        )
    assert refused.value.code == ScreeningErrorCode.INVALID_CONFIG
    assert "PostgreSQL" in refused.value.message
    assert not services.ScreeningConfig.objects.filter(tenant_id=capture_tenant.pk).exists()
    # switching it off stays possible
    services.screening_config_set(
        tenant_id=capture_tenant.pk, channel_slug="", document={"enabled": False}, actor=STAFF
    )
