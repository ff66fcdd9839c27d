"""Writes of order screening: run the pipeline on an order, and staff's decisions on an order
it held (release, re-run after a correction, cancel); the configuration.

Each write owns its transaction, audits the change and publishes the outcome as a rule event
with its facts. Letting an order through (passed, released) tells the routing side through
``orders.gates`` so that routing, which waited, happens now.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record, audit_record_sql
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.orders.gates import routing_gate_opened
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.screening.config import (
    ConfigInvalid,
    settings_merge,
    settings_parse,
)
from saleor_oms_plugin.screening.error_codes import ScreeningErrorCode
from saleor_oms_plugin.screening.errors import IllegalTransition, ScreeningError
from saleor_oms_plugin.screening.events import ScreeningEvent
from saleor_oms_plugin.screening.gather import OrderRow, SeenResult, order_gather, order_load
from saleor_oms_plugin.screening.locks import lock_result
from saleor_oms_plugin.screening.models import KnownVariant, ScreeningConfig, ScreeningResult
from saleor_oms_plugin.screening.pipeline import Verdict, screen
from saleor_oms_plugin.screening.scheduling import known_variants_backfill_after_commit
from saleor_oms_plugin.screening.selectors import config_documents
from saleor_oms_plugin.screening.transitions import screening_check_transition

S = ScreeningResult.State
# Saleor has no order cancellation document in saleor/documents yet: a cancel decision is
# recorded here and the cancellation in Saleor is left to staff (or a later release).
SALEOR_CANCEL_NOTE = "recorded only: cancel the order in Saleor (no orderCancel document yet)"


_FACT_FIELDS = ("risk_score", "reason_codes", "currency", "channel_slug", "marks")


def _facts(result: ScreeningResult | dict[str, Any]) -> dict[str, Any]:
    """The facts audited and published with an outcome (of a result, or of a run's values)."""
    values = (
        result
        if isinstance(result, dict)
        else {name: getattr(result, name) for name in _FACT_FIELDS}
    )
    return {
        "riskScore": values["risk_score"],
        "reasons": list(values["reason_codes"]),
        "currency": values["currency"],
        "channel": values["channel_slug"],
        "marks": list(values["marks"]),
    }


def _not_found() -> ScreeningError:
    return ScreeningError(
        ScreeningErrorCode.NOT_FOUND, "The order has no screening result.", field="orderId"
    )


def _order_subject(order_id: int) -> tuple[str, str]:
    # The audit subject of an order, without loading it.
    return Order._meta.label_lower, str(order_id)


def _announce(result: ScreeningResult, event: ScreeningEvent, actor: Actor, data=None) -> None:
    audit_record(
        tenant_id=result.tenant_id,
        subject=_order_subject(result.order_id),
        verb=event,
        actor=actor,
        data={**_facts(result), **(data or {})},
    )
    publish(tenant_id=result.tenant_id, event=event, order_id=result.order_id, facts=_facts(result))


def screening_pending(*, tenant_id: int, order_id: int, channel_slug: str, currency: str) -> None:
    """Put a new order in front of the checks (routing waits for them); nothing when it has a
    screening result already. Runs in the caller's (the read model writer's) transaction."""
    ScreeningResult.objects.bulk_create(
        [
            ScreeningResult(
                tenant_id=tenant_id, order_id=order_id, channel_slug=channel_slug, currency=currency
            )
        ],
        ignore_conflicts=True,
    )


def order_screen(
    *, tenant_id: int, order_id: int, actor: Actor, rerun: bool = False
) -> ScreeningResult:
    """Run the pipeline on an order waiting for it (pending, or held and re-run after a
    correction): it passes on to routing, or waits in the review queue with its reasons.

    An order decided already (passed, released, cancelled) is left as it is, so a repeated
    task changes nothing; asking to re-run one is refused (ILLEGAL_TRANSITION)."""
    loaded = order_load(tenant_id=tenant_id, order_id=order_id)
    if loaded is None:
        raise _not_found()
    order, seen = loaded.order, loaded.result
    gathered = order_gather(loaded)
    verdict = screen(gathered.facts, loaded.settings)
    with transaction.atomic():
        if seen is not None and seen.state == S.PENDING and not rerun:
            # The usual case, a new order: one conditional update with its audit event and
            # the variants learnt, no lock. A pending result is only ever left by this
            # service, so a row still pending is the one read.
            stored = _store_pending(
                seen, order, verdict, actor=actor, new_variants=gathered.new_variants
            )
            if stored is not None:
                return stored
        known_variants_record(tenant_id=tenant_id, variants=gathered.new_variants)
        result = lock_result(tenant_id, order_id)
        if result is None:
            screening_pending(
                tenant_id=tenant_id,
                order_id=order_id,
                channel_slug=order.channel_slug,
                currency=order.currency,
            )
            result = lock_result(tenant_id, order_id)
            assert result is not None
        if result.state not in (S.PENDING, S.HELD):
            if rerun:
                raise IllegalTransition(str(result.state), str(S.HELD))
            return result
        return _store(result, order, verdict, actor=actor, rerun=rerun)


def _run(order: OrderRow, verdict: Verdict) -> dict[str, Any]:
    """What a run of the checks writes on a result (besides counting the run)."""
    now = timezone.now()
    return {
        "state": S.PASSED if verdict.passed else S.HELD,
        "checks": verdict.as_json(),
        "reason_codes": verdict.reasons,
        "risk_score": verdict.risk_score,
        "marks": verdict.marks,
        "channel_slug": order.channel_slug,
        "currency": order.currency,
        "order_updated_at": order.saleor_updated_at,
        "screened_at": now,
        "updated_at": now,
    }


def _apply(result: ScreeningResult, order: OrderRow, verdict: Verdict) -> None:
    run = _run(order, verdict)
    screening_check_transition(result, run["state"])
    for name, value in run.items():
        setattr(result, name, value)
    result.runs += 1


_RESULT_FIELDS = {field.attname: field for field in ScreeningResult._meta.concrete_fields}
_RESULT_COLUMNS = ", ".join(str(field.column) for field in _RESULT_FIELDS.values())


_LEARN = (
    f"INSERT INTO {KnownVariant._meta.db_table} (tenant_id, product_id, variant_id, name)"
    " SELECT %(tenant)s, * FROM unnest(%(products)s::text[], %(variants)s::text[],"
    " %(names)s::text[]) ON CONFLICT DO NOTHING"
)


def _store_pending(
    seen: SeenResult,
    order: OrderRow,
    verdict: Verdict,
    *,
    actor: Actor,
    new_variants: Sequence[tuple[str, str, str]],
) -> ScreeningResult | None:
    """Store the first run on a result read pending, if it still is, with its audit event
    and the order's variants not known yet (:func:`known_variants_record`) in one statement;
    None when another run stored one meanwhile (the caller takes the lock and looks again)."""
    run = _run(order, verdict)
    fields = {name: _RESULT_FIELDS[name] for name in run}
    assignments = ", ".join(f"{fields[name].column} = %({name})s" for name in run)
    params = {name: fields[name].get_db_prep_save(value, connection) for name, value in run.items()}
    facts = _facts(run)
    event = ScreeningEvent.PASSED if run["state"] == S.PASSED else ScreeningEvent.HELD
    audit_sql, audit_params = audit_record_sql(
        source="stored",
        tenant_id=order.tenant_id,
        subject=_order_subject(order.pk),
        verb=event,
        actor=actor,
        data=facts,
    )
    learn = ""
    if new_variants:
        learn = f", learnt AS ({_LEARN})"
        products, variants, names = (list(column) for column in zip(*new_variants, strict=True))
        params.update(tenant=order.tenant_id, products=products, variants=variants, names=names)
    sql = (
        f"WITH stored AS (UPDATE {ScreeningResult._meta.db_table}"
        f" SET runs = runs + 1, {assignments} WHERE id = %(pk)s AND state = %(pending)s"
        f" RETURNING {_RESULT_COLUMNS}), audited AS ({audit_sql}){learn} SELECT * FROM stored"
    )
    stored = list(
        ScreeningResult.objects.raw(
            sql, {**params, **audit_params, "pk": seen.pk, "pending": S.PENDING}
        )
    )
    if not stored:
        return None
    (result,) = stored
    publish(tenant_id=result.tenant_id, event=event, order_id=result.order_id, facts=facts)
    if result.state == S.PASSED:
        routing_gate_opened(tenant_id=result.tenant_id, order_id=result.order_id)
    return result


def _store(
    result: ScreeningResult, order: OrderRow, verdict: Verdict, *, actor: Actor, rerun: bool
) -> ScreeningResult:
    before_state, before_reasons = result.state, list(result.reason_codes)
    _apply(result, order, verdict)
    result.save()
    _stored(result, order, before_state, before_reasons, actor=actor, rerun=rerun)
    return result


def _stored(
    result: ScreeningResult,
    order: OrderRow,
    before_state: str,
    before_reasons: list[str],
    *,
    actor: Actor,
    rerun: bool,
) -> None:
    """Audit and publish a run just stored; let the order through when it passed."""
    if rerun or before_state == S.HELD:
        audit_record(
            tenant_id=result.tenant_id,
            subject=_order_subject(order.pk),
            verb=ScreeningEvent.RERUN,
            actor=actor,
            data={"before": before_reasons, "after": result.reason_codes},
        )
    if result.state == S.PASSED:
        _announce(result, ScreeningEvent.PASSED, actor)
        routing_gate_opened(tenant_id=result.tenant_id, order_id=result.order_id)
    elif before_state != S.HELD or before_reasons != result.reason_codes:
        _announce(result, ScreeningEvent.HELD, actor)


def _decide(
    *, tenant_id: int, order_id: int, target: str, actor: Actor, note: str
) -> ScreeningResult:
    with transaction.atomic():
        result = lock_result(tenant_id, order_id)
        if result is None:
            raise _not_found()
        screening_check_transition(result, target)
        result.state = target
        result.decided_by = actor.id or actor.type
        result.decided_at = timezone.now()
        result.decision_note = note
        result.save(
            update_fields=["state", "decided_by", "decided_at", "decision_note", "updated_at"]
        )
        if target == S.RELEASED:
            _announce(result, ScreeningEvent.RELEASED, actor, {"note": note})
            routing_gate_opened(tenant_id=tenant_id, order_id=order_id)
        else:
            _announce(
                result,
                ScreeningEvent.CANCELLED,
                actor,
                {"note": note, "saleor": SALEOR_CANCEL_NOTE},
            )
    return result


def screening_release(
    *, tenant_id: int, order_id: int, actor: Actor, note: str = ""
) -> ScreeningResult:
    """Staff let a held order through as it is: it is routed now."""
    return _decide(
        tenant_id=tenant_id, order_id=order_id, target=S.RELEASED, actor=actor, note=note
    )


def screening_cancel(
    *, tenant_id: int, order_id: int, actor: Actor, note: str = ""
) -> ScreeningResult:
    """Staff decide a held order is not shipped: it is never routed automatically. The
    cancellation in Saleor is not sent (no document for it yet): see ``SALEOR_CANCEL_NOTE``."""
    return _decide(
        tenant_id=tenant_id, order_id=order_id, target=S.CANCELLED, actor=actor, note=note
    )


def screening_rerun(*, tenant_id: int, order_id: int, actor: Actor) -> ScreeningResult:
    """Run the checks again on a held order (after its correction in Saleor, or after stock
    arrived): it passes on to routing or stays held with its new reasons."""
    return order_screen(tenant_id=tenant_id, order_id=order_id, actor=actor, rerun=True)


def known_variants_record(*, tenant_id: int, variants: Iterable[tuple[str, str, str]]) -> None:
    """Remember which product each of an order's variants belongs to: (product id, variant id,
    name) of those not known yet (``Gathered.new_variants``); nothing when there are none."""
    rows = [
        KnownVariant(tenant_id=tenant_id, product_id=product_id, variant_id=variant_id, name=name)
        for product_id, variant_id, name in variants
    ]
    if rows:
        KnownVariant.objects.bulk_create(rows, ignore_conflicts=True)


# One statement: every (product, variant) the tenant's orders name, the first name seen.
_BACKFILL = """
INSERT INTO oms_screening_knownvariant (tenant_id, product_id, variant_id, name)
SELECT DISTINCT ON (line.variant_id) %s, line.product_id, line.variant_id,
       LEFT(TRIM(line.product_name || ' ' || line.variant_name), 512)
FROM oms_orders_orderline line JOIN oms_orders_order o ON o.id = line.order_id
WHERE o.tenant_id = %s AND line.product_id <> '' AND line.variant_id <> ''
ORDER BY line.variant_id, line.id
ON CONFLICT DO NOTHING
"""


def known_variants_backfill(*, tenant_id: int) -> int:
    """Learn the products' variants from every order the tenant's read model holds (once,
    when screening is enabled; safe to repeat). Returns the variants added."""
    with connection.cursor() as cursor:
        cursor.execute(_BACKFILL, [tenant_id, tenant_id])
        return cursor.rowcount


def _invalid(exc: ConfigInvalid, channel_slug: str) -> ScreeningError:
    where = f" (channel {channel_slug})" if channel_slug else ""
    return ScreeningError(
        ScreeningErrorCode.INVALID_CONFIG,
        f"Invalid screening configuration{where}: {exc}",
        field="document",
    )


def screening_config_set(
    *, tenant_id: int, channel_slug: str, document: dict[str, Any], actor: Actor
) -> ScreeningConfig:
    """Replace the tenant's document (``channel_slug`` empty) or a channel's override.

    Validated as it will be read: a channel's document merged over the tenant's; the tenant's
    merged under every channel's. Refused whole, with every problem, changing nothing."""
    if not isinstance(document, dict):
        raise _invalid(ConfigInvalid([]), channel_slug)
    if document.get("enabled") is True and connection.vendor != "postgresql":
        raise ScreeningError(
            ScreeningErrorCode.INVALID_CONFIG,
            "Screening needs PostgreSQL: this service runs on the embedded SQLite default "
            "(set DATABASE_URL to a PostgreSQL database to screen orders).",
            field="document",
        )
    try:
        if channel_slug:
            tenant_doc, _ = config_documents(tenant_id=tenant_id, channel_slug=channel_slug)
            settings_parse(document)  # on its own too: the tenant's may change later
            settings_parse(settings_merge(tenant_doc, document))
        else:
            settings_parse(document)
            for row in ScreeningConfig.objects.filter(tenant_id=tenant_id).exclude(channel_slug=""):
                try:
                    settings_parse(settings_merge(document, row.document))
                except ConfigInvalid as exc:
                    raise _invalid(exc, row.channel_slug) from None
    except ConfigInvalid as exc:
        raise _invalid(exc, channel_slug) from None
    with transaction.atomic():
        config, _ = ScreeningConfig.objects.update_or_create(
            tenant_id=tenant_id,
            channel_slug=channel_slug,
            defaults={"document": document, "updated_by": actor.id or actor.type},
        )
        if document.get("enabled") is True:
            known_variants_backfill_after_commit(tenant_id=tenant_id)
        audit_record(
            tenant_id=tenant_id,
            subject=config,
            verb=ScreeningEvent.CONFIG_UPDATED,
            actor=actor,
            data={"channel": channel_slug, "document": document},
        )
    return config
