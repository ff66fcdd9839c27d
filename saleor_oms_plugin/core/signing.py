"""Signed outbound JSON POSTs: one signature scheme for every webhook we send.

Receivers verify ``X-OMS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">``
with their secret, and deduplicate on ``X-OMS-Delivery``. Used by the rules' webhook action and
by the outbound availability feed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

import requests

from saleor_oms_plugin import __version__

SIGNATURE_HEADER = "X-OMS-Signature"
DELIVERY_HEADER = "X-OMS-Delivery"
EVENT_HEADER = "X-OMS-Event"
TIMEOUT = (3.0, 10.0)
RETRYABLE_4XX = frozenset({408, 429})


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def body_bytes(payload: dict[str, Any]) -> bytes:
    # Deterministic, so every attempt of a delivery sends the same bytes.
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class PostResult:
    status: int | None  # None: no answer (connection error, timeout)
    error: str  # "" when delivered

    @property
    def delivered(self) -> bool:
        return not self.error

    @property
    def final(self) -> bool:
        """Refused for good: a 4xx other than 408/429 (a repeat would be refused too)."""
        return (
            self.status is not None
            and 400 <= self.status < 500
            and (self.status not in RETRYABLE_4XX)
        )


def signed_post(*, url: str, secret: str, body: bytes, event: str, delivery_id: str) -> PostResult:
    """POST ``body`` signed with ``secret``; never raises for HTTP or network failures."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"saleor-oms/{__version__}",
        EVENT_HEADER: event,
        DELIVERY_HEADER: delivery_id,
        SIGNATURE_HEADER: signature(secret, int(time.time()), body),
    }
    try:
        response = requests.post(
            url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False
        )
    except requests.RequestException as exc:
        return PostResult(None, f"{exc.__class__.__name__}: {exc}"[:500])
    status = response.status_code
    return PostResult(status, "" if 200 <= status < 300 else f"HTTP {status}")
