"""Stock alerts on real ledger changes: opened once, resolved by recovery, acknowledged; the
rule events they publish; velocity from sales; purchase suggestions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from freezegun import freeze_time

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.inventory.transfers import TransferLineRequest, transfer_request
from saleor_oms_plugin.replenishment import refresh, selectors
from saleor_oms_plugin.replenishment.errors import ReplenishmentError
from saleor_oms_plugin.replenishment.models import SalesVelocity, StockAlert
from saleor_oms_plugin.replenishment.refresh import tracked_refresh
from saleor_oms_plugin.replenishment.selectors import (
    cover_of,
    inbound_source_register,
    purchase_suggestions,
    suggestions_csv,
)
from saleor_oms_plugin.replenishment.services import (
    SettingInput,
    alert_acknowledge,
    setting_set,
)
from saleor_oms_plugin.rules.library import template_definition
from saleor_oms_plugin.rules.models import RuleFiring, StaffTask
from saleor_oms_plugin.rules.services import rule_create
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import make_stock
from tests.fixtures.stock_watch import adjust, ship

pytestmark = pytest.mark.django_db
MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"
STAFF = Actor.operator("tests")


START = datetime(2026, 11, 2, 10, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock(settings, monkeypatch):
    """Every test starts on a Monday morning; the debounce is off (every change is looked at)."""
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    monkeypatch.setattr(refresh, "DEBOUNCE_SECONDS", 0)
    cache.clear()
    with freeze_time(START) as frozen:
        yield frozen


@pytest.fixture
def mug(clock, capture_tenant, django_capture_on_commit_callbacks):
    la = make_location(capture_tenant, "LA")
    stock = make_stock(capture_tenant, la, MUG, on_hand=12)
    stock.sku = "MUG-1"
    stock.save()
    with django_capture_on_commit_callbacks(execute=True):
        setting_set(
            tenant_id=capture_tenant.pk,
            actor=STAFF,
            data=SettingInput(
                location_id=la.pk,
                variant_id=MUG,
                reorder_point=5,
                target_level=20,
                lead_time_days=10,
            ),
        )
    return stock


def _change(run, fn, *args):
    with run(execute=True):
        fn(*args)


def _open(stock):
    return sorted(
        StockAlert.objects.filter(stock=stock, state__in=["OPEN", "ACKNOWLEDGED"]).values_list(
            "kind", flat=True
        )
    )


def test_low_stock_opens_one_alert_and_recovery_resolves_it(
    mug, django_capture_on_commit_callbacks
):
    assert _open(mug) == []
    # when stock drops to the reorder point, then further
    _change(django_capture_on_commit_callbacks, adjust, mug, -7)
    _change(django_capture_on_commit_callbacks, adjust, mug, -1)
    assert _open(mug) == ["LOW_STOCK"]
    # when it runs out
    _change(django_capture_on_commit_callbacks, adjust, mug, -4)
    assert _open(mug) == ["LOW_STOCK", "OUT_OF_STOCK"]
    # when a delivery arrives
    _change(django_capture_on_commit_callbacks, adjust, mug, 30)
    assert _open(mug) == []
    low = StockAlert.objects.get(kind="LOW_STOCK")
    assert (low.state, low.facts["quantity"], low.facts["reorder_point"]) == ("RESOLVED", 5, 5)
    assert low.resolved_at is not None
    verbs = AuditEvent.objects.filter(
        subject_type="oms_replenishment.stockalert", subject_id=str(low.pk)
    ).values_list("verb", flat=True)
    assert sorted(verbs) == ["stock_alert.opened", "stock_alert.resolved"]
    # and a second drop is a second alert
    _change(django_capture_on_commit_callbacks, adjust, mug, -30)
    assert StockAlert.objects.filter(kind="LOW_STOCK").count() == 2


def test_an_acknowledged_alert_stays_until_resolved_and_is_not_reopened(
    capture_tenant, mug, django_capture_on_commit_callbacks
):
    _change(django_capture_on_commit_callbacks, adjust, mug, -8)
    alert = StockAlert.objects.get()
    alert = alert_acknowledge(tenant_id=capture_tenant.pk, pk=alert.pk, actor=STAFF)
    assert (alert.state, alert.acknowledged_by) == ("ACKNOWLEDGED", "tests")
    _change(django_capture_on_commit_callbacks, adjust, mug, -1)
    assert StockAlert.objects.count() == 1
    _change(django_capture_on_commit_callbacks, adjust, mug, 10)
    alert.refresh_from_db()
    assert alert.state == "RESOLVED"
    with pytest.raises(ReplenishmentError) as refused:
        alert_acknowledge(tenant_id=capture_tenant.pk, pk=alert.pk, actor=STAFF)
    assert refused.value.code == "ALERT_RESOLVED"


def test_changing_the_threshold_reevaluates_at_once(
    capture_tenant, mug, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        setting_set(
            tenant_id=capture_tenant.pk,
            actor=STAFF,
            data=SettingInput(
                location_id=mug.location_id, variant_id=MUG, reorder_point=15, target_level=30
            ),
        )
    assert _open(mug) == ["LOW_STOCK"]


def test_a_bad_setting_changes_nothing(capture_tenant, mug):
    with pytest.raises(ReplenishmentError) as refused:
        setting_set(
            tenant_id=capture_tenant.pk,
            actor=STAFF,
            data=SettingInput(
                location_id=mug.location_id, variant_id=MUG, reorder_point=15, target_level=3
            ),
        )
    assert (refused.value.code, refused.value.field) == ("INVALID_TARGET", "target_level")
    other = make_location(capture_tenant, "NY")
    other.is_deleted = True
    other.save()
    with pytest.raises(ReplenishmentError) as refused:
        setting_set(
            tenant_id=capture_tenant.pk,
            actor=STAFF,
            data=SettingInput(
                location_id=other.pk, variant_id=MUG, reorder_point=1, target_level=3
            ),
        )
    assert refused.value.code == "LOCATION_NOT_FOUND"


def test_tenant_defaults_track_stock_without_settings(
    capture_tenant, django_capture_on_commit_callbacks
):
    capture_tenant.settings = {
        "replenishment": {"reorder_point": 2, "target_level": 10, "lead_time_days": 3}
    }
    capture_tenant.save()
    stock = make_stock(capture_tenant, make_location(capture_tenant, "NY"), MUG, on_hand=3)
    _change(django_capture_on_commit_callbacks, adjust, stock, -1)
    assert _open(stock) == ["LOW_STOCK"]


def test_a_rule_on_stock_low_creates_one_task_per_alert(
    capture_tenant, mug, django_capture_on_commit_callbacks
):
    # given the library's low-stock template (refire on re-entry)
    rule_create(
        tenant_id=capture_tenant.pk,
        definition=template_definition("low-stock-purchase-task"),
        actor=STAFF,
    )
    # when stock runs low, lower, out, back, and low again
    for delta in (-7, -1, -4, 30, -30):
        _change(django_capture_on_commit_callbacks, adjust, mug, delta)
    # then one task per LOW_STOCK alert, two in all
    alerts = StockAlert.objects.filter(kind="LOW_STOCK")
    tasks = StaffTask.objects.filter(tenant=capture_tenant).order_by("pk")
    assert alerts.count() == 2
    assert [t.title for t in tasks] == ["Reorder MUG-1 for LA"] * 2
    assert tasks[0].role == "purchasing"
    firing = RuleFiring.objects.order_by("pk").first()
    assert firing.subject_key == "stock:MUG-1@LA"
    assert firing.facts["reorder_point"] == 5


def test_sales_velocity_warns_of_running_out_before_restock(
    clock, capture_tenant, mug, django_capture_on_commit_callbacks
):
    # given 3 units shipped a day for a week (52 on hand, 30 of them allocated)
    _change(django_capture_on_commit_callbacks, adjust, mug, 40)
    StockLevel.objects.filter(pk=mug.pk).update(allocated=30)
    for day in range(7):
        clock.move_to(START + timedelta(days=day))
        _change(django_capture_on_commit_callbacks, ship, mug, 3)
    velocity = SalesVelocity.objects.get(stock=mug)
    assert velocity.last_movement_id > 0
    # when the sweep looks a day later: 52 - 21 = 31 on hand, 9 allocated, 22 available,
    # 3 a day: 7.3 days of cover, less than the 10 days of lead time
    clock.move_to(START + timedelta(days=7))
    tracked_refresh(tenant_id=capture_tenant.pk)
    assert _open(mug) == ["RUN_OUT_BEFORE_RESTOCK"]
    alert = StockAlert.objects.get()
    assert alert.facts["days_of_cover"] == pytest.approx(22 / 3, abs=0.01)
    # and the suggestion is empty (above the reorder point), until it drops to it
    assert purchase_suggestions(tenant=capture_tenant) == []
    # and a velocity rebuilt from the movements alone (a stock seen the first time) agrees
    SalesVelocity.objects.all().delete()
    tracked_refresh(tenant_id=capture_tenant.pk)
    mug.refresh_from_db()
    [cover] = cover_of(tenant=capture_tenant, stocks=[mug], today=clock().date())
    assert cover.units_per_day == pytest.approx(3)
    assert cover.runs_out_before_restock


def test_purchase_suggestions_top_up_to_target_minus_what_is_on_its_way(
    capture_tenant, mug, django_capture_on_commit_callbacks, monkeypatch
):
    _change(django_capture_on_commit_callbacks, adjust, mug, -9)  # 3 available
    [suggestion] = purchase_suggestions(tenant=capture_tenant)
    assert (suggestion.quantity, suggestion.inbound, suggestion.lead_time_days) == (17, 0, 10)
    assert suggestion.run_out_on is None  # nothing sold yet: no run-out date
    # when 4 are on order and a transfer brings 6
    with django_capture_on_commit_callbacks(execute=True):
        setting_set(
            tenant_id=capture_tenant.pk,
            actor=STAFF,
            data=SettingInput(
                location_id=mug.location_id,
                variant_id=MUG,
                reorder_point=5,
                target_level=20,
                lead_time_days=10,
                on_order=4,
                supplier="=Acme",
            ),
        )
    monkeypatch.setattr(selectors, "_INBOUND", [])
    inbound_source_register(lambda tenant_id, stocks: {s.pk: 6 for s in stocks})
    [suggestion] = purchase_suggestions(tenant=capture_tenant)
    csv = suggestions_csv([suggestion])
    assert (suggestion.quantity, suggestion.inbound) == (7, 10)
    header, row = csv.splitlines()
    assert header.startswith("variant_id,sku,location,available")
    assert row.split(",")[:8] == [MUG, "MUG-1", "LA", "3", "5", "20", "10", "7"]
    assert ",'=Acme," in row  # never a formula in a spreadsheet


def test_other_tenants_stock_is_never_suggested(
    capture_tenant, mug, django_capture_on_commit_callbacks
):
    from tests.fixtures.tenants import make_capture_tenant

    other = make_capture_tenant(api_url="http://127.0.0.1:1/graphql/", app_id="QXBwOjM=")
    _change(django_capture_on_commit_callbacks, adjust, mug, -9)
    assert purchase_suggestions(tenant=other) == []
    assert len(purchase_suggestions(tenant=capture_tenant)) == 1


def test_the_sweep_catches_a_change_whose_task_was_lost(
    capture_tenant, mug, django_capture_on_commit_callbacks, monkeypatch
):
    # given a change whose refresh task never ran (a lost message, a dead worker)
    monkeypatch.setattr(refresh, "refresh_schedule", lambda *, tenant_id: None)
    _change(django_capture_on_commit_callbacks, adjust, mug, -10)
    assert _open(mug) == []
    # when beat sweeps
    from saleor_oms_plugin.replenishment.tasks import replenishment_sweep

    with django_capture_on_commit_callbacks(execute=True):
        assert replenishment_sweep() >= 1
    assert _open(mug) == ["LOW_STOCK"]


def test_open_transfers_to_the_location_count_as_inbound(
    capture_tenant, mug, django_capture_on_commit_callbacks
):
    # given 3 mugs left in LA, and a transfer of 8 requested from NY
    ny = make_location(capture_tenant, "NY")
    make_stock(capture_tenant, ny, MUG, on_hand=50)
    _change(django_capture_on_commit_callbacks, adjust, mug, -9)
    with django_capture_on_commit_callbacks(execute=True):
        transfer_request(
            tenant_id=capture_tenant.pk,
            from_location_id=ny.pk,
            to_location_id=mug.location_id,
            actor=STAFF,
            lines=[TransferLineRequest(variant_id=MUG, quantity=8)],
        )
    # then LA's suggestion counts them; NY (above its untracked threshold) needs nothing
    [suggestion] = purchase_suggestions(tenant=capture_tenant)
    assert (suggestion.stock.pk, suggestion.inbound, suggestion.quantity) == (mug.pk, 8, 9)


def test_a_stock_rule_fires_once_per_alert_by_default(
    capture_tenant, mug, django_capture_on_commit_callbacks
):
    # given a rule on stock.out that says nothing about refiring
    rule = rule_create(
        tenant_id=capture_tenant.pk,
        actor=STAFF,
        definition={
            "name": "Out",
            "trigger": "stock.out",
            "conditions": {"all": []},
            "actions": [{"type": "task", "title": "Out: {{ sku }} at {{ warehouse }}"}],
        },
    )
    assert rule.refire == "reentry"
    # when the mug runs out twice
    for delta in (-12, 5, -5):
        _change(django_capture_on_commit_callbacks, adjust, mug, delta)
    assert StockAlert.objects.filter(kind="OUT_OF_STOCK").count() == 2
    assert list(StaffTask.objects.values_list("title", flat=True)) == ["Out: MUG-1 at LA"] * 2
