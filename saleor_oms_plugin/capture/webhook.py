"""A source's signed inbound webhook: verify, refuse replays, then capture like any door.

The sender signs ``"<unix seconds>.<body>"`` with the source's secret (HMAC-SHA256) and sends
``X-OMS-Signature: t=<unix seconds>,v1=<hex digest>``: the scheme of the OMS's own outbound
webhooks (:mod:`saleor_oms_plugin.core.signing`), so one receiver library serves both ways.

A request is refused, with nothing stored, when the signature is missing or wrong, when its
timestamp is further from now than the source's replay window (either way: a clock far ahead
is refused too), or when the same signature was used before (a captured request sent again).
The signature is recorded in the same transaction as the orders it brought, so a request
whose orders were all refused (nothing stored) can be corrected and sent again.
"""

from __future__ import annotations

import hmac
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.capture.models import CapturedOrder, CaptureSource, WebhookSignatureSeen
from saleor_oms_plugin.capture.selectors import source_by_code
from saleor_oms_plugin.capture.services import CaptureAnswer, Outcome, orders_capture
from saleor_oms_plugin.core.crypto import decrypt_secret
from saleor_oms_plugin.core.json_body import JsonBodyError, json_loads_strict
from saleor_oms_plugin.core.signing import signature

SIGNATURE_HEADER = "X-OMS-Signature"
MAX_BODY_BYTES = 1024 * 1024
_HEADER = re.compile(r"^t=(?P<t>[0-9]{1,12}),v1=(?P<v1>[0-9a-f]{64})$")
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])|(?<=[a-z])(?=[0-9])")


class WebhookRefused(Exception):
    """The request is refused as a whole: ``status`` and ``code`` are the HTTP answer."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class WebhookResult:
    source: CaptureSource
    answers: list[CaptureAnswer]

    @property
    def all_refused(self) -> bool:
        return all(answer.outcome == Outcome.REFUSED for answer in self.answers)


def snake_keys(value: Any) -> Any:
    """``{"externalReference": …}`` → ``{"external_reference": …}``, at every depth; metadata's
    own keys are the sender's and are kept as sent."""
    if isinstance(value, list):
        return [snake_keys(item) for item in value]
    if not isinstance(value, dict):
        return value
    converted = {}
    for key, item in value.items():
        name = _CAMEL.sub("_", str(key)).lower()
        converted[name] = item if name == "metadata" else snake_keys(item)
    return converted


def _verified_source(code: str, header: str, body: bytes, now: float) -> tuple[CaptureSource, str]:
    match = _HEADER.match(header.strip())
    if match is None:
        raise WebhookRefused(
            401, "MISSING_SIGNATURE", f"{SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex> is required."
        )
    for source in source_by_code(code=code):
        expected = signature(decrypt_secret(source.secret_encrypted), int(match["t"]), body)
        if hmac.compare_digest(expected, f"t={match['t']},v1={match['v1']}"):
            if abs(now - int(match["t"])) > source.replay_window_seconds:
                raise WebhookRefused(
                    401,
                    "STALE_TIMESTAMP",
                    f"The signed timestamp is more than {source.replay_window_seconds} seconds "
                    "from now; sign the request again.",
                )
            return source, match["v1"]
    raise WebhookRefused(401, "INVALID_SIGNATURE", "The signature does not match this source.")


def _orders_of(body: bytes) -> list[dict[str, Any]]:
    try:
        data = json_loads_strict(body)
    except JsonBodyError as exc:
        raise WebhookRefused(400, "INVALID_BODY", f"The body {exc}.") from None
    if isinstance(data, dict) and isinstance(data.get("orders"), list):
        items = data["orders"]
    elif isinstance(data, dict):
        items = [data]
    else:
        raise WebhookRefused(400, "INVALID_BODY", 'Send one order object or {"orders": [...]}.')
    if not items:
        raise WebhookRefused(400, "INVALID_BODY", '{"orders": []} holds no order.')
    return [snake_keys(item) for item in items]


def webhook_receive(
    *, code: str, header: str, body: bytes, now: float | None = None
) -> WebhookResult:
    """Verify and capture one signed request; :class:`WebhookRefused` refuses it whole."""
    source, digest = _verified_source(code, header, body, time.time() if now is None else now)
    orders = _orders_of(body)
    with transaction.atomic():
        try:
            with transaction.atomic():
                WebhookSignatureSeen.objects.create(
                    source=source, signature=digest, seen_at=timezone.now()
                )
        except IntegrityError:
            raise WebhookRefused(
                409, "REPLAYED", "This signed request was received before."
            ) from None
        answers = orders_capture(
            source=source,
            orders=orders,
            door=CapturedOrder.Door.WEBHOOK,
            actor=Actor.system(),
        )
        result = WebhookResult(source=source, answers=answers)
        if result.all_refused:
            transaction.set_rollback(True)
    return result


def signatures_prune(*, older_than_seconds: int) -> int:
    """Forget signatures no replay window accepts any more."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    deleted, _ = WebhookSignatureSeen.objects.filter(seen_at__lt=cutoff).delete()
    return deleted
