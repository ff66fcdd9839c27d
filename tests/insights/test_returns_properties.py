"""The incremental return rollups equal a rebuild from scratch after any stream of order
payloads and return moves: orders created, updated and cancelled (duplicated and out of order),
returns requested on either side of a UTC midnight, approved, received, inspected, completed
with a refund, rejected or cancelled, legal moves or not. Refunds are summed per currency only.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_oms_plugin.insights.models import RefundRollup
from saleor_oms_plugin.insights.returns_figures import return_rows
from saleor_oms_plugin.insights.returns_rollups import return_rollups_rebuild
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.returns.errors import IllegalTransition
from saleor_oms_plugin.returns.models import ReturnRequest
from tests.fixtures.insights import Version, apply_order
from tests.fixtures.insights_returns import (
    move_return,
    request_return,
    return_rows_of,
    stored_return_rows,
)

STATUSES = ["UNFULFILLED", "FULFILLED", "CANCELED", "DRAFT"]
# "next": along the happy path, so that streams reach completed refunds often.
TARGETS = ["next", "next", "next", "rejected", "in_transit", "cancelled", "completed"]
HAPPY_PATH = {
    "requested": "approved",
    "approved": "received",
    "in_transit": "received",
    "received": "inspected",
    "inspected": "completed",
}
REASONS = ["damaged", "wrong size", "changed mind"]


@st.composite
def streams(draw):
    identities = [
        {
            "created_minutes": draw(st.sampled_from([-30, 30, 90])),
            "channel": draw(st.sampled_from(["oms-us", "oms-eu"])),
            "currency": draw(st.sampled_from(["USD", "EUR"])),
        }
        for _ in range(draw(st.integers(1, 3)))
    ]
    events = []
    for number, identity in enumerate(identities, start=1):
        for _ in range(draw(st.integers(1, 3))):
            # always three lines (a line a return names is never dropped from its order)
            quantities = tuple(draw(st.lists(st.integers(1, 4), min_size=3, max_size=3)))
            events.append(
                (
                    "order",
                    Version(
                        number=number,
                        version=draw(st.integers(0, 20)),
                        status=draw(st.sampled_from(STATUSES)),
                        quantities=quantities,
                        **identity,
                    ),
                )
            )
        for _ in range(draw(st.integers(0, 2))):
            lines = draw(
                st.lists(
                    st.tuples(st.integers(0, 2), st.integers(1, 3), st.sampled_from(REASONS)),
                    min_size=1,
                    max_size=3,
                    unique_by=lambda line: line[0],
                )
            )
            minutes = draw(st.sampled_from([-30, 30, 90, 24 * 60]))
            events.append(("return", (number, lines, minutes)))
    moves = st.tuples(
        st.integers(0, 5), st.sampled_from(TARGETS), st.sampled_from(["0", "9.99", "12.50"])
    )
    events += [("move", move) for move in draw(st.lists(moves, max_size=16))]
    return draw(st.permutations(events))


def _apply(tenant_id: int, stream) -> None:
    requests: list[int] = []
    for kind, event in stream:
        if kind == "order":
            apply_order(tenant_id, event)
        elif kind == "return":
            number, lines, minutes = event
            if Order.objects.filter(tenant_id=tenant_id, saleor_id=f"order-{number}").exists():
                requests.append(request_return(tenant_id, number, lines, minutes=minutes).pk)
        elif requests:
            index, target, refund = event
            request_id = requests[index % len(requests)]
            if target == "next":
                status = ReturnRequest.objects.get(pk=request_id).status
                target = HAPPY_PATH.get(status, "completed")
            try:
                move_return(request_id, target, refund=refund)
            except IllegalTransition:
                pass


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(stream=streams())
def test_incremental_return_rollups_equal_a_rebuild(capture_tenant, stream):
    tenant_id = capture_tenant.pk
    with transaction.atomic():
        # given the return rollups kept incrementally while a random stream was applied
        _apply(tenant_id, stream)
        incremental = stored_return_rows(tenant_id)
        # then a recomputation from the final state gives the same rows, and so does a rebuild
        assert incremental == return_rows_of(return_rows(tenant_id=tenant_id))
        return_rollups_rebuild(tenant_id=tenant_id)
        assert stored_return_rows(tenant_id) == incremental
        # and refunds are summed per currency only: each row holds its own returns' refunds
        expected: dict[tuple, Decimal] = defaultdict(Decimal)
        for request in ReturnRequest.objects.filter(
            tenant_id=tenant_id, status="completed", resolution="refund"
        ).select_related("order"):
            key = (
                request.created_at.astimezone(UTC).date(),
                request.order.channel_slug,
                request.currency,
            )
            expected[key] += request.refund_amount or Decimal(0)
        stored = {
            (row.day, row.channel_slug, row.currency): row.amount
            for row in RefundRollup.objects.filter(tenant_id=tenant_id)
        }
        assert stored == dict(expected)
        transaction.set_rollback(True)
