"""Capture's writes: sources, and outside orders taken in (stored before they are answered).

:func:`orders_capture` is the one way an order enters, whatever the door (API, CSV, signed
webhook): each order is read into an :class:`~saleor_oms_plugin.capture.inbound.InboundOrder`
or refused with its problems; a valid one is stored as a ``RECEIVED``
:class:`~saleor_oms_plugin.capture.models.CapturedOrder` (once per tenant, source and external
reference: the unique constraint decides between two concurrent imports), and the batch task
that creates it in Saleor is queued after commit. A refused order leaves nothing behind.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.capture.error_codes import CaptureErrorCode
from saleor_oms_plugin.capture.errors import CaptureError
from saleor_oms_plugin.capture.events import CaptureEvent
from saleor_oms_plugin.capture.inbound import InboundInvalid, Problem, inbound_order_parse
from saleor_oms_plugin.capture.models import CapturedOrder, CaptureSource
from saleor_oms_plugin.capture.scheduling import captured_orders_send_after_commit
from saleor_oms_plugin.core.crypto import encrypt_secret
from saleor_oms_plugin.core.events import publish

#: Orders one request may carry (a CSV of many lines per order is grouped first).
MAX_ORDERS_PER_REQUEST = 500
MIN_REPLAY_WINDOW = 30
MAX_REPLAY_WINDOW = 3600


class Outcome:
    ACCEPTED = "ACCEPTED"  # stored now; Saleor creates it shortly
    DUPLICATE = "DUPLICATE"  # this source's reference was captured before: nothing changed
    REFUSED = "REFUSED"  # invalid: nothing stored, see problems


@dataclass(frozen=True)
class CaptureAnswer:
    """What the door answers for one order (in the order the orders came)."""

    external_reference: str
    outcome: str
    problems: list[Problem] = field(default_factory=list)
    captured: CapturedOrder | None = None


def _secret() -> str:
    return secrets.token_urlsafe(32)


def _source_check(
    *,
    code: str,
    name: str,
    channel_slug: str,
    warehouse_id: str,
    shipping_method_id: str,
    tax_class_id: str,
    replay_window_seconds: int,
) -> None:
    if not code or len(code) > 50 or not code.replace("-", "").replace("_", "").isalnum():
        raise CaptureError(
            CaptureErrorCode.INVALID,
            "The code is 1-50 letters, digits, '-' or '_' (it is part of the webhook's URL).",
            field="code",
        )
    for value, key in (
        (name, "name"),
        (channel_slug, "channelSlug"),
        (warehouse_id, "warehouseId"),
        (shipping_method_id, "shippingMethodId"),
        (tax_class_id, "taxClassId"),
    ):
        if not value.strip():
            raise CaptureError(CaptureErrorCode.REQUIRED, f"{key} is required.", field=key)
    if not MIN_REPLAY_WINDOW <= replay_window_seconds <= MAX_REPLAY_WINDOW:
        raise CaptureError(
            CaptureErrorCode.INVALID,
            f"The replay window is {MIN_REPLAY_WINDOW} to {MAX_REPLAY_WINDOW} seconds.",
            field="replayWindowSeconds",
        )


def capture_source_create(
    *,
    tenant_id: int,
    code: str,
    name: str,
    channel_slug: str,
    warehouse_id: str,
    shipping_method_id: str,
    tax_class_id: str,
    actor: Actor,
    replay_window_seconds: int = 300,
) -> tuple[CaptureSource, str]:
    """A new source and its webhook secret (shown once, stored encrypted)."""
    code = code.strip().lower()
    _source_check(
        code=code,
        name=name,
        channel_slug=channel_slug,
        warehouse_id=warehouse_id,
        shipping_method_id=shipping_method_id,
        tax_class_id=tax_class_id,
        replay_window_seconds=replay_window_seconds,
    )
    secret = _secret()
    try:
        with transaction.atomic():
            source = CaptureSource.objects.create(
                tenant_id=tenant_id,
                code=code,
                name=name.strip(),
                channel_slug=channel_slug.strip(),
                warehouse_id=warehouse_id.strip(),
                shipping_method_id=shipping_method_id.strip(),
                tax_class_id=tax_class_id.strip(),
                secret_encrypted=encrypt_secret(secret),
                replay_window_seconds=replay_window_seconds,
            )
            audit_record(
                tenant_id=tenant_id,
                subject=source,
                verb=CaptureEvent.SOURCE_CREATED,
                actor=actor,
                data={"code": code, "channel": source.channel_slug},
            )
    except IntegrityError:
        raise CaptureError(
            CaptureErrorCode.DUPLICATE, f"A source with the code {code!r} exists.", field="code"
        ) from None
    return source, secret


def capture_source_secret_rotate(
    *, tenant_id: int, source_id: int, actor: Actor
) -> tuple[CaptureSource, str]:
    """A new webhook secret for the source; the old one stops working at once."""
    secret = _secret()
    with transaction.atomic():
        updated = CaptureSource.objects.filter(tenant_id=tenant_id, pk=source_id).update(
            secret_encrypted=encrypt_secret(secret), secret_rotated_at=timezone.now()
        )
        if not updated:
            raise CaptureError(CaptureErrorCode.NOT_FOUND, "No such source.", field="id")
        source = CaptureSource.objects.get(pk=source_id)
        audit_record(
            tenant_id=tenant_id,
            subject=source,
            verb=CaptureEvent.SOURCE_SECRET_ROTATED,
            actor=actor,
        )
    return source, secret


def source_for_capture(*, tenant_id: int, code: str) -> CaptureSource:
    source = CaptureSource.objects.filter(tenant_id=tenant_id, code=code.strip().lower()).first()
    if source is None:
        raise CaptureError(CaptureErrorCode.NOT_FOUND, f"No source {code!r}.", field="source")
    if not source.is_active:
        raise CaptureError(
            CaptureErrorCode.INACTIVE, f"The source {code!r} is off.", field="source"
        )
    return source


def _reference_of(data: Any) -> str:
    value = data.get("external_reference") if isinstance(data, dict) else None
    return str(value).strip() if value is not None else ""


def orders_capture(
    *,
    source: CaptureSource,
    orders: Iterable[dict[str, Any]],
    door: str,
    actor: Actor,
    refused: Mapping[str, list[Problem]] | None = None,
) -> list[CaptureAnswer]:
    """Store every valid order of one request, answer each (see module docstring).

    Each order is written in its own savepoint: a duplicate or a refused order never costs the
    others, and a refused one writes nothing. ``refused``: problems a door found already (a
    CSV order whose rows disagree), by external reference. The batch task is queued after
    commit.
    """
    items = list(orders)
    if len(items) > MAX_ORDERS_PER_REQUEST:
        raise CaptureError(
            CaptureErrorCode.TOO_MANY,
            f"At most {MAX_ORDERS_PER_REQUEST} orders per request.",
            field="orders",
        )
    now = timezone.now()
    answers: list[CaptureAnswer] = []
    accepted = 0
    with transaction.atomic():
        for data in items:
            known = (refused or {}).get(_reference_of(data))
            if known:
                answers.append(CaptureAnswer(_reference_of(data), Outcome.REFUSED, list(known)))
                continue
            try:
                order = inbound_order_parse(data, now=now)
            except InboundInvalid as exc:
                answers.append(CaptureAnswer(_reference_of(data), Outcome.REFUSED, exc.problems))
                continue
            answer = _store(source, order.external_reference, order.as_json(), door, now)
            accepted += answer.outcome == Outcome.ACCEPTED
            answers.append(answer)
        if accepted:
            audit_record(
                tenant_id=source.tenant_id,
                subject=source,
                verb=CaptureEvent.ACCEPTED,
                actor=actor,
                data={
                    "door": door,
                    **{
                        outcome.lower(): sum(answer.outcome == outcome for answer in answers)
                        for outcome in (Outcome.ACCEPTED, Outcome.DUPLICATE, Outcome.REFUSED)
                    },
                },
            )
            captured_orders_send_after_commit(tenant_id=source.tenant_id)
    return answers


def _store(
    source: CaptureSource, reference: str, payload: dict[str, Any], door: str, now: Any
) -> CaptureAnswer:
    try:
        with transaction.atomic():
            captured = CapturedOrder.objects.create(
                tenant_id=source.tenant_id,
                source=source,
                external_reference=reference,
                door=door,
                payload=payload,
                received_at=now,
            )
    except IntegrityError:
        existing = CapturedOrder.objects.filter(
            tenant_id=source.tenant_id, source=source, external_reference=reference
        ).first()
        return CaptureAnswer(reference, Outcome.DUPLICATE, captured=existing)
    publish(
        tenant_id=source.tenant_id,
        event=CaptureEvent.ACCEPTED,
        subject_key=f"captured_order:{source.code}:{reference}",
        facts={"source": source.code, "externalReference": reference, "door": door},
    )
    return CaptureAnswer(reference, Outcome.ACCEPTED, captured=captured)
