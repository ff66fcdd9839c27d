"""Two returns of the same bucket (a day of a channel) requested at once, on two real
connections: the second refresh waits for the first's transaction, so neither misses the
other's return."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import transaction

from saleor_oms_plugin.insights.returns_figures import return_rows
from tests.fixtures.insights import Version, apply_order
from tests.fixtures.insights_returns import request_return, return_rows_of, stored_return_rows
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.threads import at_once

pytestmark = pytest.mark.django_db(transaction=True)
HOLD = 0.5


def test_returns_of_one_bucket_requested_at_once_both_count():
    tenant = make_capture_tenant()
    apply_order(tenant.pk, Version(1, quantities=(2, 2)))
    apply_order(tenant.pk, Version(2, quantities=(2, 2)))

    holding = threading.Event()

    def first() -> float:
        with transaction.atomic():
            request_return(tenant.pk, 1, [(0, 1, "damaged")], minutes=30, rma=1)
            holding.set()
            # keep the bucket's lock while the other request comes in
            time.sleep(HOLD)
            about_to_commit = time.monotonic()
        return about_to_commit

    def second() -> float:
        assert holding.wait(timeout=60)
        with transaction.atomic():
            request_return(tenant.pk, 2, [(1, 2, "wrong size")], minutes=45, rma=2)
        return time.monotonic()  # committed

    first_committing, second_committed = at_once([first, second])
    # the second waited for the first's commit (the bucket's lock), then counted both returns
    assert second_committed > first_committing
    rows = stored_return_rows(tenant.pk)
    assert rows == return_rows_of(return_rows(tenant_id=tenant.pk))
    assert [(r[2], r[3], r[4]) for r in rows[1]] == [
        ("variant-0", "damaged", 1),
        ("variant-1", "wrong size", 2),
    ]
