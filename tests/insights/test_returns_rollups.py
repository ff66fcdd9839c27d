"""The return rollups as orders and returns move: units sold and returned per variant, reasons,
refunds per currency; kept by the returns services' own events and rebuilt by the command."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.insights.models import RefundRollup, ReturnReasonRollup, ReturnRollup
from saleor_oms_plugin.insights.returns_rollups import return_rollups_rebuild
from saleor_oms_plugin.returns.completion import return_request_complete
from saleor_oms_plugin.returns.inspection import LineInspection, return_request_inspect
from saleor_oms_plugin.returns.models import ReturnRequest
from saleor_oms_plugin.returns.receipt import return_request_mark_received
from saleor_oms_plugin.returns.requesting import LineRequest, return_request_create
from saleor_oms_plugin.returns.review import return_request_approve, return_request_reject
from saleor_oms_plugin.returns.transitions import return_transition
from tests.fixtures.graphql import make_location
from tests.fixtures.insights import Version, apply_order
from tests.fixtures.insights_returns import move_return, request_return, stored_return_rows
from tests.fixtures.returns import SHIPPED, STAFF, make_policy, make_shipped_order

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)


def _rollup(tenant_id: int, variant: str, day: date = DAY) -> ReturnRollup:
    return ReturnRollup.objects.get(tenant_id=tenant_id, variant_id=variant, day=day)


def test_units_sold_count_per_variant_and_leave_with_a_cancelled_order(capture_tenant):
    tenant_id = capture_tenant.pk
    # given two orders of variant-0 and one of variant-1
    apply_order(tenant_id, Version(1, quantities=(2, 1)))
    apply_order(tenant_id, Version(2, quantities=(3,)))
    assert (_rollup(tenant_id, "variant-0").units_sold, _rollup(tenant_id, "variant-1").sku) == (
        5,
        "SKU-1",
    )
    # when the second is cancelled, then its units no longer count as sold
    apply_order(tenant_id, Version(2, version=1, status="CANCELED", quantities=(3,)))
    assert _rollup(tenant_id, "variant-0").units_sold == 2


def test_returns_count_on_the_day_requested_with_their_reasons(capture_tenant):
    tenant_id = capture_tenant.pk
    apply_order(tenant_id, Version(1, quantities=(4, 2)))
    # when a return is requested the next day (UTC) for units of both lines
    request = request_return(
        tenant_id, 1, [(0, 2, "damaged"), (1, 1, "wrong size")], minutes=24 * 60
    )
    next_day = DAY + timedelta(days=1)
    # then the units returned count on that day, beside no units sold
    returned = _rollup(tenant_id, "variant-0", next_day)
    assert (returned.units_sold, returned.units_returned) == (0, 2)
    assert _rollup(tenant_id, "variant-0").units_sold == 4
    reasons = ReturnReasonRollup.objects.filter(tenant_id=tenant_id).order_by("variant_id")
    assert [(r.variant_id, r.reason, r.units) for r in reasons] == [
        ("variant-0", "damaged", 2),
        ("variant-1", "wrong size", 1),
    ]
    # when it is rejected, then it no longer counts as returned
    move_return(request.pk, "rejected")
    assert not ReturnReasonRollup.objects.filter(tenant_id=tenant_id).exists()
    assert not ReturnRollup.objects.filter(tenant_id=tenant_id, day=next_day).exists()


def test_refunds_are_kept_per_currency(capture_tenant):
    tenant_id = capture_tenant.pk
    apply_order(tenant_id, Version(1, quantities=(1,)))
    apply_order(tenant_id, Version(2, quantities=(1,), currency="EUR"))
    for number, refund in ((1, "9.99"), (2, "7.00")):
        request = request_return(tenant_id, number, [(0, 1, "damaged")])
        for target in ("approved", "received", "inspected"):
            move_return(request.pk, target)
        # a refund counts once the return completed, not before
        assert not RefundRollup.objects.filter(tenant_id=tenant_id, currency="EUR").exists()
        move_return(request.pk, "completed", refund=refund)
    refunds = RefundRollup.objects.filter(tenant_id=tenant_id).order_by("currency")
    assert [(r.currency, r.refunds, r.amount) for r in refunds] == [
        ("EUR", 1, Decimal("7.0000")),
        ("USD", 1, Decimal("9.9900")),
    ]


def test_the_returns_services_keep_the_rollups(capture_tenant, settings):
    # given a shipped order and a policy that takes returns
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    make_policy(capture_tenant, window_days=3650)
    order = make_shipped_order(capture_tenant, 911)
    line = order.lines.get(sku="OMS-SKU-001")
    ids = {"tenant_id": capture_tenant.pk, "actor": STAFF}
    # when a return goes through the services up to Saleor's acceptance
    request = return_request_create(
        **ids,
        order_id=order.pk,
        lines=[LineRequest(line.saleor_id, 1, "damaged")],
        resolution="refund",
        now=SHIPPED + timedelta(days=3),
    )
    ids["request_id"] = request.pk
    return_request_approve(**ids)
    return_request_mark_received(**ids, location_id=make_location(capture_tenant, "Dallas").pk)
    (return_line,) = request.lines.all()
    return_request_inspect(**ids, inspections=[LineInspection(return_line.pk, 1, 0, 0)])
    return_request_complete(**ids)
    accepted = ReturnRequest.objects.get(pk=request.pk)
    return_transition(accepted, ReturnRequest.Status.COMPLETED, actor=Actor.system())
    # and another return of the same order is rejected
    rejected = return_request_create(
        tenant_id=capture_tenant.pk,
        actor=STAFF,
        order_id=order.pk,
        lines=[LineRequest(order.lines.exclude(pk=line.pk)[0].saleor_id, 1, "wrong size")],
        resolution="refund",
        now=SHIPPED + timedelta(days=3),
    )
    return_request_reject(
        tenant_id=capture_tenant.pk, request_id=rejected.pk, reason="worn", actor=STAFF
    )
    # then the rollups hold the completed return and its refund, not the rejected one
    (row,) = ReturnRollup.objects.filter(tenant_id=capture_tenant.pk, units_returned__gt=0)
    assert (row.variant_id, row.sku, row.units_returned) == (line.variant_id, "OMS-SKU-001", 1)
    (refund,) = RefundRollup.objects.filter(tenant_id=capture_tenant.pk)
    assert (refund.currency, refund.amount) == (order.currency, accepted.refund_amount)
    assert list(
        ReturnReasonRollup.objects.filter(tenant_id=capture_tenant.pk).values_list(
            "reason", "units"
        )
    ) == [("damaged", 1)]
    # and they are what a rebuild gives
    kept = stored_return_rows(capture_tenant.pk)
    return_rollups_rebuild(tenant_id=capture_tenant.pk)
    assert stored_return_rows(capture_tenant.pk) == kept


def test_rebuild_command_fills_missing_rows(capture_tenant):
    apply_order(capture_tenant.pk, Version(1, quantities=(2,)))
    request_return(capture_tenant.pk, 1, [(0, 1, "damaged")])
    kept = stored_return_rows(capture_tenant.pk)
    # given rows lost (or kept before the return rollups existed)
    ReturnRollup.objects.filter(tenant_id=capture_tenant.pk).delete()
    ReturnReasonRollup.objects.filter(tenant_id=capture_tenant.pk).delete()
    out = StringIO()
    # when the rebuild runs, then they are back
    call_command("insights", "rebuild", "--api-url", capture_tenant.saleor_api_url, stdout=out)
    assert stored_return_rows(capture_tenant.pk) == kept
    assert "1 return rows, 1 reason rows and 0 refund rows" in out.getvalue()
