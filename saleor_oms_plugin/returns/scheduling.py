"""How returns' services hand work to their Celery tasks: by name, after the caller commits.

The tasks import the services, so the services never import the tasks; they call these.
"""

from __future__ import annotations

import logging

from django.db import transaction

from saleor_oms_plugin.core.scheduling import enqueue

logger = logging.getLogger(__name__)

SYNC_RETURN_TO_SALEOR = "saleor_oms_plugin.returns.tasks.sync_return_to_saleor"


def return_sync_now(*, tenant_id: int, request_id: int) -> None:
    """Queue the recording in Saleor; a broker that is down is logged, and the sweep
    (``requeue_stalled_returns``) queues the return again later."""
    try:
        enqueue(SYNC_RETURN_TO_SALEOR, tenant_id, request_id)
    except Exception:
        logger.exception("Could not queue return %s for Saleor; the sweep will", request_id)


def return_sync_after_commit(*, tenant_id: int, request_id: int) -> None:
    """Queue the recording in Saleor once the caller's transaction commits."""
    transaction.on_commit(lambda: return_sync_now(tenant_id=tenant_id, request_id=request_id))
