"""The incremental rollups equal a rebuild from scratch after any stream of order payloads:
creations, updates, cancellations and fulfilments, duplicated and out of order, mixed with the
order flow (routing plans and their shipments, short picks, promises kept or broken) in a
reporting time zone of any offset. Hypothesis draws the stream; the read model's services
apply the payloads as the webhooks would, the flow is written and published as its domains do."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_oms_plugin.insights.figures import rollup_rows
from saleor_oms_plugin.insights.models import DailyRollup, OrderFact, OrderLocationFact
from saleor_oms_plugin.insights.rebuild import rollups_rebuild
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.tenants.models import Tenant
from tests.fixtures.insights import (
    Plan,
    PlannedShipment,
    Shipment,
    Version,
    apply_fulfillment,
    apply_order,
    apply_plan,
    location_for,
    rows_of,
    settle_promise,
    short_pick,
    stored_rows,
)

STATUSES = ["UNFULFILLED", "PARTIALLY_FULFILLED", "FULFILLED", "CANCELED", "DRAFT"]
WAREHOUSES = ["V2FyZWhvdXNlOjE=", "V2FyZWhvdXNlOjI=", ""]

shipments = st.builds(
    Shipment,
    number=st.integers(1, 3),
    warehouse=st.sampled_from(WAREHOUSES),
    status=st.sampled_from(["FULFILLED", "CANCELED", "WAITING_FOR_APPROVAL"]),
    units=st.integers(1, 3),
)


TIME_ZONES = ["UTC", "America/New_York", "Asia/Kolkata"]
planned = st.builds(
    PlannedShipment,
    warehouse=st.sampled_from(WAREHOUSES[:2]),
    state=st.sampled_from(["pending", "applied", "cancelled", "failed"]),
    cost=st.sampled_from(["0", "4.50", "12.25"]),
    units=st.integers(1, 3),
)


@st.composite
def order_identities(draw):
    """What never changes for an order: its number, creation time, channel and currency.
    Creation times straddle a UTC midnight, so orders fall on two days."""
    return {
        "created_minutes": draw(st.sampled_from([-30, 30, 59, 61, 120])),
        "channel": draw(st.sampled_from(["oms-us", "oms-eu"])),
        "currency": draw(st.sampled_from(["USD", "EUR", "JPY"])),
    }


@st.composite
def streams(draw):
    identities = draw(st.lists(order_identities(), min_size=1, max_size=4))
    events = []
    for number, identity in enumerate(identities, start=1):
        for _ in range(draw(st.integers(1, 4))):
            version = draw(st.integers(0, 50))
            if draw(st.booleans()):
                spec = Version(
                    number=number,
                    version=version,
                    status=draw(st.sampled_from(STATUSES)),
                    quantities=tuple(draw(st.lists(st.integers(1, 5), max_size=3))),
                    total=draw(st.sampled_from(["0", "9.99", "10.00", "1234.5"])),
                    shipments=draw(
                        st.none()
                        | st.lists(shipments, max_size=3, unique_by=lambda s: s.number).map(tuple)
                    ),
                    paid=draw(st.booleans()),
                    **identity,
                )
                events.append(("order", spec))
            else:
                kind = draw(st.sampled_from(["fulfillment", "plan", "short", "promise"]))
                if kind == "fulfillment":
                    events.append(("fulfillment", (number, version, draw(shipments))))
                elif kind == "plan":
                    plan = Plan(
                        number=number,
                        state=draw(st.sampled_from(["applied", "superseded", "failed"])),
                        decided_minutes=draw(st.sampled_from([-10, 5, 90, 3000])),
                        backorder=tuple(draw(st.lists(st.integers(1, 4), max_size=2))),
                        baseline_cost=draw(st.sampled_from([None, "0", "9.00"])),
                        shipments=tuple(draw(st.lists(planned, max_size=2))),
                    )
                    events.append(("plan", plan))
                elif kind == "short":
                    events.append(("short", number))
                else:
                    events.append(("promise", (number, draw(st.booleans()))))
    # Saleor delivers again and out of order: any sequence of the events, repeats included.
    return draw(st.sampled_from(TIME_ZONES)), draw(
        st.lists(st.sampled_from(events), min_size=1, max_size=12)
    )


def _apply(tenant_id: int, stream) -> None:
    for kind, event in stream:
        if kind == "order":
            apply_order(tenant_id, event)
        elif kind == "fulfillment":
            apply_fulfillment(tenant_id, *event)
        elif kind == "plan":
            apply_plan(tenant_id, event)
        elif kind == "short":
            short_pick(tenant_id, event)
        else:
            settle_promise(tenant_id, *event)


def stored_facts(tenant_id: int) -> tuple[list[tuple], list[tuple]]:
    """The tenant's order and location facts as comparable tuples (all but their ids)."""
    return tuple(  # type: ignore[return-value]
        sorted(tuple(model.objects.filter(tenant_id=tenant_id).values_list(*_columns(model))))
        for model in (OrderFact, OrderLocationFact)
    )


def _columns(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if field.name != "id"]


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=streams())
def test_incremental_rollups_equal_a_rebuild(capture_tenant, drawn):
    time_zone, stream = drawn
    tenant_id = capture_tenant.pk
    with transaction.atomic():
        # given a reporting time zone, locations (one with a handling time: the SLA of orders
        # without a promise)
        Tenant.objects.filter(pk=tenant_id).update(settings={"insights": {"time_zone": time_zone}})
        location_for(tenant_id, WAREHOUSES[0], handling=(2, "hours"))
        location_for(tenant_id, WAREHOUSES[1])
        # and the rollups kept incrementally while a random stream of payloads was applied
        _apply(tenant_id, stream)
        incremental, incremental_facts = stored_rows(tenant_id), stored_facts(tenant_id)
        # then the buckets summed again from the facts give the same rows
        assert incremental == rows_of(rollup_rows(tenant_id=tenant_id))
        # and a rebuild from the final state gives the same facts and rows
        rollups_rebuild(tenant_id=tenant_id)
        assert stored_facts(tenant_id) == incremental_facts
        assert stored_rows(tenant_id) == incremental
        # and money is summed per currency only: each bucket's gross is its orders' own
        expected: dict[tuple, Decimal] = defaultdict(Decimal)
        for order in Order.objects.filter(tenant_id=tenant_id).exclude(
            status__in=["CANCELED", "DRAFT"]
        ):
            key = (
                order.saleor_created_at.astimezone(ZoneInfo(time_zone)).date(),
                order.channel_slug,
                order.currency,
            )
            expected[key] += order.total_gross
        gross = {
            (row.day, row.channel_slug, row.currency): row.gross_total
            for row in DailyRollup.objects.filter(tenant_id=tenant_id, warehouse_id="")
        }
        assert {key: value for key, value in gross.items() if key in expected} == expected
        assert all(value == 0 for key, value in gross.items() if key not in expected)
        transaction.set_rollback(True)
