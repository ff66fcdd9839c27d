"""How capture hands work to its Celery tasks: by name, as turns of the tenant
(:mod:`~saleor_oms_plugin.core.turns`), so that one tenant's import waits behind other
tenants' orders rather than ahead of them."""

from __future__ import annotations

from django.db import transaction

from saleor_oms_plugin.core.turns import turn_request

SEND_CAPTURED_ORDERS = "saleor_oms_plugin.capture.tasks.send_captured_orders"


def captured_orders_send_after_commit(*, tenant_id: int) -> None:
    """The tenant has received orders to send: its turn, once the caller commits.

    Robust: the orders are stored whatever happens to the turn (a broker away, or in eager
    mode a send that fails), and the capture sweep sends what no turn took."""
    transaction.on_commit(
        lambda: turn_request(SEND_CAPTURED_ORDERS, tenant_id=tenant_id), robust=True
    )


def captured_orders_turn_request(*, tenant_id: int, force: bool = False) -> None:
    """The tenant's next turn now (``force``: even if one is queued, for the sweep)."""
    turn_request(SEND_CAPTURED_ORDERS, tenant_id=tenant_id, force=force)
