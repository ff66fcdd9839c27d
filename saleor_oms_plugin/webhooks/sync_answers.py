"""Answers to Saleor's synchronous webhooks, given while a customer waits.

They are verified like every delivery (tenant, signature, event) but never stored: they are
questions, not events, and nothing of them needs to survive the answer. A domain registers the
function that answers one synchronous event (:func:`sync_answer_register`, from its
``apps.py``); it gets the tenant and the payload and returns what Saleor expects, from local
data only (it never calls Saleor: Saleor is waiting on us).

Whatever goes wrong once the delivery is known to be Saleor's (no answerer, a payload the
answerer does not understand, an exception) the answer is the webhook's ``no_opinion``: the
checkout goes on as if the OMS were not installed. The OMS never breaks a sale.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from saleor_oms_plugin.saleor.subscriptions import SYNC_TYPE_NAME_TO_EVENT, SyncWebhook
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.webhooks.error_codes import IntakeErrorCode
from saleor_oms_plugin.webhooks.errors import IntakeError
from saleor_oms_plugin.webhooks.signatures import delivery_open, payload_type_check

logger = logging.getLogger(__name__)

SyncAnswerer = Callable[[Tenant, dict[str, Any]], Any]

_answerers: dict[str, SyncAnswerer] = {}


def sync_answer_register(event: str, answerer: SyncAnswerer) -> None:
    """``answerer`` answers the synchronous ``event`` (one answerer per event)."""
    existing = _answerers.get(event)
    if existing is not None and existing is not answerer:
        raise ValueError(f"{event} is already answered by {existing!r}")
    _answerers[event] = answerer


@dataclass(frozen=True)
class SyncAnswer:
    body: Any
    answered: bool  # False: the webhook's no-opinion answer
    reason: str = ""
    milliseconds: float = 0.0


def sync_answer(
    *, hook: SyncWebhook, api_url: str, event: str, signature: str, body: bytes
) -> SyncAnswer:
    """The answer to a synchronous delivery.

    Raises IntakeError for a delivery that is not Saleor's or not this webhook's (unknown
    tenant, bad signature, another event, a body that is not a JSON object): those are refused
    with a 4xx, which Saleor treats as no answer.
    """
    started = time.perf_counter()
    opened = delivery_open(api_url=api_url, signature=signature, body=body)
    tenant, payload = opened.tenant, opened.payload
    if event.strip().upper() != hook.event:
        raise IntakeError(
            IntakeErrorCode.UNEXPECTED_EVENT, f"{event or 'no event'} is not answered here"
        )
    payload_type_check(payload, hook.event, SYNC_TYPE_NAME_TO_EVENT)

    answerer = _answerers.get(hook.event)
    if answerer is None:
        return _no_opinion(hook, tenant, "nothing answers this event", started)
    try:
        answer = answerer(tenant, payload)
    except Exception:  # the sale goes on whatever broke here
        logger.exception("answering %s for tenant %s failed", hook.event, tenant.pk)
        return _no_opinion(hook, tenant, "the answer failed", started)
    return SyncAnswer(body=answer, answered=True, milliseconds=_since(started))


def _no_opinion(hook: SyncWebhook, tenant: Tenant, reason: str, started: float) -> SyncAnswer:
    logger.info("no opinion on %s for tenant %s: %s", hook.event, tenant.pk, reason)
    return SyncAnswer(
        body=hook.no_opinion, answered=False, reason=reason, milliseconds=_since(started)
    )


def _since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)
