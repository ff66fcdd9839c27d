"""The import of a tenant's data from Saleor as a run with a state merchants can see.

A run has two steps: the read models (warehouses, orders; :mod:`.read_models_step`), then the
follow-ups other domains registered (the stock import; :mod:`.import_followups`). Each step is
one attempt after another: failures that may pass (timeouts, connection errors, 5xx after the
client's own retries, a database that went away) are retried with backoff, up to
``IMPORT_MAX_ATTEMPTS`` per step; any other failure ends the run FAILED at once, with its
message stored. Records Saleor cannot return are skipped and listed, and never stop the run:
it then ends COMPLETED_WITH_SKIPS.

The callers (the Celery tasks, the CLI) only sequence the steps and wait between attempts.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.errors import DomainError
from saleor_oms_plugin.core.payload import PayloadError
from saleor_oms_plugin.core.retry import backoff_seconds
from saleor_oms_plugin.saleor.errors import SaleorError
from saleor_oms_plugin.tenants.error_codes import TenantErrorCode
from saleor_oms_plugin.tenants.errors import TenantError
from saleor_oms_plugin.tenants.events import TenantEvent
from saleor_oms_plugin.tenants.import_followups import import_followups_run
from saleor_oms_plugin.tenants.import_results import (
    KIND_LOCATION,
    KIND_ORDER,
    ImportSummary,
    SkippedRecord,
)
from saleor_oms_plugin.tenants.locks import lock_import_run, lock_import_run_if_current, lock_tenant
from saleor_oms_plugin.tenants.models import ImportRun, Tenant
from saleor_oms_plugin.tenants.read_models_step import read_models_import_run
from saleor_oms_plugin.tenants.scheduling import (
    import_followups_after_commit,
    import_read_models_after_commit,
)

logger = logging.getLogger(__name__)

State = ImportRun.State
Step = ImportRun.Step

#: Attempts of one step before the run is FAILED (10 s, 20 s, 40 s… up to 10 min apart).
IMPORT_MAX_ATTEMPTS = 8
#: A run RUNNING or RETRYING that has not moved for this long lost its worker: it may be
#: started again. Longer than the longest wait between attempts; a running step reports
#: progress after every page.
IMPORT_STALLED_AFTER = timedelta(minutes=30)
#: At most this many skipped records are listed (the count of the rest goes to ``errors``).
MAX_SKIPPED_LISTED = 500
MAX_ERRORS_KEPT = 20
MAX_MESSAGE_LENGTH = 500

_TRANSITIONS: dict[str, set[str]] = {
    State.NOT_STARTED: {State.RUNNING},
    State.RUNNING: {
        State.RUNNING,
        State.RETRYING,
        State.SUCCEEDED,
        State.COMPLETED_WITH_SKIPS,
        State.FAILED,
    },
    State.RETRYING: {State.RUNNING, State.FAILED},
    State.SUCCEEDED: {State.RUNNING},
    State.COMPLETED_WITH_SKIPS: {State.RUNNING},
    State.FAILED: {State.RUNNING},
}

# Failures that may pass if the same step is tried later.
_TRANSIENT_DATABASE_ERRORS = (OperationalError, InterfaceError)


@dataclass(frozen=True)
class StepOutcome:
    """What one attempt of a step came to. ``state`` is None when the run was superseded (a
    newer run started) or is gone; ``retry_in`` is set when the step should be tried again."""

    state: str | None
    retry_in: int | None = None
    next_step: str | None = None


def _move(run: ImportRun, to: str) -> None:
    if to not in _TRANSITIONS[run.state]:
        raise TenantError(
            TenantErrorCode.INVALID_IMPORT_TRANSITION,
            f"an import cannot go from {run.state} to {to}",
        )
    run.state = to


def _in_flight(run: ImportRun, now: datetime) -> bool:
    return run.state in {State.RUNNING, State.RETRYING} and run.updated_at >= (
        now - IMPORT_STALLED_AFTER
    )


def tenant_import_start(
    *, tenant_id: int, actor: Actor, force: bool = False, queue: bool = True
) -> ImportRun:
    """Start a new import run of an active tenant and (``queue``) queue its first step.

    Refused with IMPORT_ALREADY_RUNNING while a run is RUNNING or RETRYING, unless it stalled
    (no progress for ``IMPORT_STALLED_AFTER``) or ``force`` (a reinstall: the new token makes
    the old run moot). A run superseded this way stops at its next step.
    """
    now = timezone.now()
    with transaction.atomic():
        tenant = lock_tenant(tenant_id)
        if tenant is None:
            raise TenantError(TenantErrorCode.NOT_FOUND, f"no tenant {tenant_id}")
        if not tenant.is_active:
            raise TenantError(
                TenantErrorCode.TENANT_INACTIVE,
                f"{tenant.saleor_api_url} is uninstalled: reinstall the app to import again",
            )
        run = lock_import_run(tenant_id)
        if run is None:
            run = ImportRun(tenant_id=tenant_id)
        elif not force and _in_flight(run, now):
            raise TenantError(
                TenantErrorCode.IMPORT_ALREADY_RUNNING,
                f"An import is already {run.state.lower()} since "
                f"{run.started_at or now:%Y-%m-%d %H:%M} UTC; wait for it to finish.",
            )
        previous = run.state
        _move(run, State.RUNNING)
        run.run_id = uuid.uuid4()
        run.step = Step.READ_MODELS
        run.started_at, run.finished_at, run.updated_at = now, None, now
        run.attempts = run.orders = run.locations = run.stock_rows = 0
        run.skipped, run.errors = [], []
        run.save()
        audit_record(
            tenant_id=tenant_id,
            subject=run,
            verb=TenantEvent.IMPORT_STARTED,
            actor=actor,
            data={"run_id": str(run.run_id), "previous_state": previous, "forced": force},
        )
        if queue:
            import_step_queue(tenant_id=tenant_id, run_id=str(run.run_id), step=Step.READ_MODELS)
    return run


def import_step_queue(*, tenant_id: int, run_id: str, step: str) -> None:
    """Queue a step of a run (after commit when called inside a transaction)."""
    if step == Step.READ_MODELS:
        import_read_models_after_commit(tenant_id=tenant_id, run_id=run_id)
    else:
        import_followups_after_commit(tenant_id=tenant_id, run_id=run_id)


def import_step_attempt(*, tenant_id: int, run_id: str, step: str, attempt: int) -> StepOutcome:
    """Try one step of a run once and record what came of it (``attempt`` counts from 1)."""
    if not _attempt_begin(tenant_id, run_id, step):
        return StepOutcome(state=None)
    try:
        if step == Step.READ_MODELS:
            summary = read_models_import_run(
                tenant_id=tenant_id, progress=lambda s: _progress(tenant_id, run_id, s)
            )
            return _read_models_done(tenant_id, run_id, summary)
        followups = import_followups_run(tenant_id=tenant_id)
        return _finished(
            tenant_id, run_id, followups.counts.get("stock_rows", 0), followups.skipped
        )
    except _TRANSIENT_DATABASE_ERRORS as exc:
        return _failed_attempt(tenant_id, run_id, step, attempt, exc, transient=True)
    except Tenant.DoesNotExist:
        return _failed_attempt(
            tenant_id,
            run_id,
            step,
            attempt,
            TenantError(TenantErrorCode.TENANT_INACTIVE, "the app was uninstalled"),
            transient=False,
        )
    except (SaleorError, DomainError, PayloadError) as exc:
        transient = isinstance(exc, SaleorError) and exc.transient
        return _failed_attempt(tenant_id, run_id, step, attempt, exc, transient=transient)
    except Exception as exc:
        # A bug must not leave the run RUNNING forever with nobody told: record it, then
        # let it propagate to the worker's error reporting.
        _failed_attempt(tenant_id, run_id, step, attempt, exc, transient=False)
        raise


def import_run_through(
    *, tenant_id: int, run_id: str, sleep: Callable[[float], None] = time.sleep
) -> ImportRun | None:
    """Run every step of a started run in this process, waiting out the backoff between
    attempts (the CLI: an operator watches it). Returns the run as it ended."""
    step: str | None = Step.READ_MODELS
    attempt = 1
    while step is not None:
        outcome = import_step_attempt(
            tenant_id=tenant_id, run_id=run_id, step=step, attempt=attempt
        )
        if outcome.state is None:
            return None
        if outcome.retry_in is not None:
            sleep(outcome.retry_in)
            attempt += 1
            continue
        step, attempt = outcome.next_step, 1
    return ImportRun.objects.filter(tenant_id=tenant_id, run_id=run_id).first()


def _locked_run(tenant_id: int, run_id: str) -> ImportRun | None:
    """The tenant's run row, locked, if it is still the run ``run_id``."""
    return lock_import_run_if_current(tenant_id, run_id)


def _attempt_begin(tenant_id: int, run_id: str, step: str) -> bool:
    with transaction.atomic():
        run = _locked_run(tenant_id, run_id)
        if run is None or run.step != step or run.state not in {State.RUNNING, State.RETRYING}:
            return False
        _move(run, State.RUNNING)
        run.attempts += 1
        run.updated_at = timezone.now()
        run.save(update_fields=["state", "attempts", "updated_at"])
    return True


def _progress(tenant_id: int, run_id: str, summary: ImportSummary) -> None:
    # Counts only, no lock: shows progress and keeps the run from looking stalled.
    ImportRun.objects.filter(tenant_id=tenant_id, run_id=run_id).update(
        orders=summary.orders_seen,
        locations=summary.locations,
        updated_at=timezone.now(),
    )


def _listed(run: ImportRun, records: list[SkippedRecord]) -> None:
    room = MAX_SKIPPED_LISTED - len(run.skipped)
    run.skipped = [*run.skipped, *(record.as_dict() for record in records[: max(room, 0)])]
    if len(records) > room:
        _note_error(run, f"{len(records) - max(room, 0)} more skipped records are not listed")


def _note_error(run: ImportRun, message: str) -> None:
    run.errors = [*run.errors, message[:MAX_MESSAGE_LENGTH]][-MAX_ERRORS_KEPT:]


def _read_models_done(tenant_id: int, run_id: str, summary: ImportSummary) -> StepOutcome:
    with transaction.atomic():
        run = _locked_run(tenant_id, run_id)
        if run is None:
            return StepOutcome(state=None)
        run.orders = summary.orders_seen
        run.locations = summary.locations
        run.skipped = []
        _listed(run, summary.skipped)
        run.step = Step.FOLLOWUPS
        run.updated_at = timezone.now()
        run.save()
    return StepOutcome(state=run.state, next_step=Step.FOLLOWUPS)


def _finished(
    tenant_id: int, run_id: str, stock_rows: int, skipped: list[SkippedRecord]
) -> StepOutcome:
    with transaction.atomic():
        run = _locked_run(tenant_id, run_id)
        if run is None:
            return StepOutcome(state=None)
        run.stock_rows = stock_rows
        # Follow-up skips of an earlier attempt of this step are replaced, not added to.
        run.skipped = [r for r in run.skipped if r["kind"] in {KIND_ORDER, KIND_LOCATION}]
        _listed(run, skipped)
        _move(run, State.COMPLETED_WITH_SKIPS if run.skipped else State.SUCCEEDED)
        run.finished_at = run.updated_at = timezone.now()
        run.save()
        audit_record(
            tenant_id=tenant_id,
            subject=run,
            verb=TenantEvent.IMPORT_FINISHED,
            actor=Actor.system(),
            data={
                "run_id": run_id,
                "state": run.state,
                "orders": run.orders,
                "locations": run.locations,
                "stock_rows": run.stock_rows,
                "skipped": len(run.skipped),
                "attempts": run.attempts,
            },
        )
    return StepOutcome(state=run.state)


def _failed_attempt(
    tenant_id: int, run_id: str, step: str, attempt: int, exc: BaseException, *, transient: bool
) -> StepOutcome:
    message = f"{step.lower().replace('_', ' ')}: {exc}"
    retry = transient and attempt < IMPORT_MAX_ATTEMPTS
    with transaction.atomic():
        run = _locked_run(tenant_id, run_id)
        if run is None:
            return StepOutcome(state=None)
        _note_error(run, message)
        _move(run, State.RETRYING if retry else State.FAILED)
        run.updated_at = timezone.now()
        retry_in = backoff_seconds(attempt) if retry else None
        if not retry:
            run.finished_at = run.updated_at
        run.save()
        audit_record(
            tenant_id=tenant_id,
            subject=run,
            verb=TenantEvent.IMPORT_RETRYING if retry else TenantEvent.IMPORT_FAILED,
            actor=Actor.system(),
            data={"run_id": run_id, "step": step, "attempt": attempt, "error": message},
        )
    log: Callable[..., None] = logger.warning if retry else logger.error
    log("tenant %s import %s, attempt %s: %s", tenant_id, run.state, attempt, message)
    return StepOutcome(state=run.state, retry_in=retry_in)
