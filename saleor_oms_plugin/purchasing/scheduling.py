"""How purchasing's services hand work to its Celery tasks: by name, after the caller commits.

The tasks import the services, so the services never import the tasks; they call these.
"""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue_after_commit

PURCHASE_ORDER_EMAIL = "saleor_oms_plugin.purchasing.tasks.purchase_order_email"


def purchase_order_email_after_commit(*, tenant_id: int, order_id: int) -> None:
    """E-mail the order to its supplier once the caller's transaction commits."""
    enqueue_after_commit(PURCHASE_ORDER_EMAIL, tenant_id, order_id)
