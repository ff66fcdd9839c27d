"""Tasks of the tenant import: ids in, one step of one run attempted, retried with backoff."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.tenants.import_runs import (
    StepOutcome,
    import_step_attempt,
    import_step_queue,
    tenant_import_start,
)
from saleor_oms_plugin.tenants.models import ImportRun


def _step(task: Any, tenant_id: int, run_id: str, step: str) -> StepOutcome:
    """Attempt the step; on a failure that may pass, retry it after the run's backoff.

    Run eagerly (embedded mode, tests) no broker can hold a delayed retry, so the next attempt
    follows at once: the Saleor client already waited its own backoff between requests.
    """
    attempt = task.request.retries + 1
    while True:
        outcome = import_step_attempt(
            tenant_id=tenant_id, run_id=run_id, step=step, attempt=attempt
        )
        if outcome.retry_in is None:
            break
        if not task.request.is_eager:
            raise task.retry(countdown=outcome.retry_in)
        attempt += 1
    if outcome.next_step is not None:
        import_step_queue(tenant_id=tenant_id, run_id=run_id, step=outcome.next_step)
    return outcome


@shared_task(bind=True, acks_late=True, max_retries=None)
def tenant_import_read_models(self: Any, tenant_id: int, run_id: str | None = None) -> str:
    """Step 1 of an import run: warehouses and orders. Then queues step 2."""
    if run_id is None:
        # Queued before runs had ids: start one now.
        run = tenant_import_start(
            tenant_id=tenant_id, actor=Actor.system(), force=True, queue=False
        )
        run_id = str(run.run_id)
    outcome = _step(self, tenant_id, run_id, ImportRun.Step.READ_MODELS)
    return outcome.state or "superseded"


@shared_task(bind=True, acks_late=True, max_retries=None)
def tenant_import_followups(self: Any, tenant_id: int, run_id: str) -> str:
    """Step 2 of an import run: what other domains import after the read models (stock).

    A task of its own: its failures are retried without repeating step 1."""
    outcome = _step(self, tenant_id, run_id, ImportRun.Step.FOLLOWUPS)
    return outcome.state or "superseded"
