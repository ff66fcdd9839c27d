"""A short pick takes the missing units off the location (ledger and Saleor) and asks for a
count, so the next order is not routed into the same hole."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.models import PlanShipment
from saleor_oms_plugin.fulfilment.services import order_route, short_pick_report
from saleor_oms_plugin.fulfilment.tasks import process_short_pick
from saleor_oms_plugin.inventory.models import (
    CountTask,
    StockLevel,
    StockMovement,
    StockWriteBack,
)
from saleor_oms_plugin.inventory.reconcile import variants_resync
from saleor_oms_plugin.inventory.write_back import write_back_run
from saleor_oms_plugin.rules.models import StaffTask
from saleor_oms_plugin.tenants.services import tenant_saleor_client
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import SaleorStock, import_order, make_routing_tenant

pytestmark = pytest.mark.django_db
STAFF = Actor("staff", "VXNlcjox")
HEADPHONES = "OMS-SKU-016"


@pytest.fixture(autouse=True)
def _outbox_sent_by_hand(settings):
    # The write-back sender is run explicitly below; the intents are what is asserted.
    settings.INVENTORY_WRITE_BACK_ENABLED = False


@pytest.fixture
def stock(fake_saleor):
    return SaleorStock(fake_saleor)


@pytest.fixture
def tenant(fake_saleor):
    return make_routing_tenant(fake_saleor, LocalSigner.generate(), trigger="manual")


def _route(tenant, order, on_commit):
    with on_commit(execute=True):
        plan = order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def short_in_los_angeles(stock, tenant, django_capture_on_commit_callbacks):
    """Los Angeles holds the only 2 pairs near San Francisco; an order for both ships from
    there, and the ledger mirrors Saleor's stock."""
    stock.set_on_hand(HEADPHONES, "oms-lax", 2)
    client = tenant_saleor_client(tenant=tenant)
    variants_resync(tenant_id=tenant.pk, variant_ids=[stock.variant_id(HEADPHONES)], client=client)
    order = import_order(tenant, stock.add_order({HEADPHONES: 2}))
    plan = _route(tenant, order, django_capture_on_commit_callbacks)
    shipment = plan.shipments.get()
    assert shipment.location.name == "OMS Los Angeles"
    return order, shipment


def _report(tenant, shipment, units, on_commit):
    with on_commit(execute=True):
        return short_pick_report(
            tenant_id=tenant.pk,
            shipment_id=shipment.pk,
            missing={shipment.lines[0]["line_id"]: units},
            actor=STAFF,
        )


def _level(tenant, shipment):
    return StockLevel.objects.get(
        tenant=tenant, location=shipment.location, variant_id=shipment.lines[0]["variant_id"]
    )


def test_a_short_pick_takes_the_units_off_and_the_next_order_ships_elsewhere(
    stock, tenant, short_in_los_angeles, django_capture_on_commit_callbacks
):
    order, shipment = short_in_los_angeles

    # when Los Angeles reports both pairs missing
    _report(tenant, shipment, 2, django_capture_on_commit_callbacks)

    # then the ledger holds none there any more (available-to-sell dropped), by a SHORT_PICK
    level = _level(tenant, shipment)
    assert (level.on_hand, level.available) == (0, 0)
    movement = StockMovement.objects.get(stock=level, reason="SHORT_PICK")
    assert (movement.on_hand_delta, movement.reference) == (-2, f"short-pick:{shipment.pk}")
    # and Saleor is to follow through the write-back outbox
    assert StockWriteBack.objects.filter(stock=level, state="PENDING").exists()
    # and a count task for that bin is open on the Tasks page, tied to the order
    task = StaffTask.objects.get(tenant=tenant)
    assert (task.title, task.status, task.role, task.order_id) == (
        "Count OMS-SKU-016 at OMS Los Angeles",
        "open",
        "inventory",
        order.pk,
    )
    assert CountTask.objects.get().stock == level
    assert AuditEvent.objects.filter(verb="task.created", subject_id=str(task.pk)).exists()

    # when the outbox is sent, Saleor no longer counts the missing pairs
    write_back_run(tenant_id=tenant.pk, client=tenant_saleor_client(tenant=tenant))
    assert stock.level(HEADPHONES, "oms-lax")["quantity"] == 0

    # then the next order to San Francisco is not routed into the same hole
    next_order = import_order(tenant, stock.add_order({HEADPHONES: 1}, number=101))
    plan = _route(tenant, next_order, django_capture_on_commit_callbacks)
    assert plan.state == "applied"
    assert "OMS Los Angeles" not in {s.location.name for s in plan.shipments.all()}


def test_a_repeated_report_changes_nothing(
    stock, tenant, short_in_los_angeles, django_capture_on_commit_callbacks
):
    _, shipment = short_in_los_angeles
    _report(tenant, shipment, 1, django_capture_on_commit_callbacks)
    level = _level(tenant, shipment)
    before = (level.on_hand, level.version)

    # when the same report comes again (a retry, a double click) and the task runs again
    again = _report(tenant, shipment, 1, django_capture_on_commit_callbacks)
    process_short_pick(tenant.pk, shipment.pk)

    # then it is accepted as it is, and nothing more is taken, opened or audited
    assert (again.pk, again.state) == (shipment.pk, "short_picked")
    level.refresh_from_db()
    assert (level.on_hand, level.version) == before
    assert StockMovement.objects.filter(reason="SHORT_PICK").count() == 1
    assert StaffTask.objects.filter(tenant=tenant).count() == 1
    assert CountTask.objects.count() == 1
    assert AuditEvent.objects.filter(verb="plan_shipment.short_picked").count() == 1


def test_a_different_report_for_a_short_picked_shipment_is_refused(
    stock, tenant, short_in_los_angeles, django_capture_on_commit_callbacks
):
    _, shipment = short_in_los_angeles
    _report(tenant, shipment, 1, django_capture_on_commit_callbacks)
    with pytest.raises(FulfilmentError) as refused:
        _report(tenant, shipment, 2, django_capture_on_commit_callbacks)
    assert refused.value.code.value == "SHIPMENT_NOT_APPLIED"
    assert PlanShipment.objects.get(pk=shipment.pk).short_lines == {shipment.lines[0]["line_id"]: 1}
    assert StockMovement.objects.filter(reason="SHORT_PICK").count() == 1


def test_a_second_short_pick_at_the_same_bin_joins_the_open_count(
    stock, tenant, short_in_los_angeles, django_capture_on_commit_callbacks
):
    # given a count already open for the bin after one short pick
    _, shipment = short_in_los_angeles
    _report(tenant, shipment, 1, django_capture_on_commit_callbacks)
    # when the re-routed plan keeps the picked pair at Los Angeles and that one is short too
    kept = PlanShipment.objects.filter(
        plan__parent=shipment.plan, location=shipment.location, state="applied"
    ).get()
    _report(tenant, kept, 1, django_capture_on_commit_callbacks)
    # then the second reason to count joins the one open task
    assert StaffTask.objects.filter(tenant=tenant).count() == 1
    assert CountTask.objects.filter(staff_task__tenant=tenant).count() == 2
    assert _level(tenant, shipment).on_hand == 0
