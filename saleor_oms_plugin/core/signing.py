"""Signed outbound JSON POSTs: one signature scheme for every webhook we send.

Receivers verify ``X-OMS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">``
with their secret, and deduplicate on ``X-OMS-Delivery``. Used by the rules' webhook action and
by the outbound availability feed.

Every POST goes through ``core.outbound_urls`` (no private addresses unless allowed, checked on
the address actually connected to), has an overall deadline (``DEADLINE_SECONDS``: a receiver
dripping its answer cannot hold a worker), reads only the status line and headers of the answer,
and reports failures as a category (``timeout``, ``connection refused``, ``HTTP 503``…), never
the exception text, which would show internal host names and ports to the tenant.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests

from saleor_oms_plugin import __version__
from saleor_oms_plugin.core.outbound_urls import GuardedAdapter, UnsafeUrl

SIGNATURE_HEADER = "X-OMS-Signature"
DELIVERY_HEADER = "X-OMS-Delivery"
EVENT_HEADER = "X-OMS-Event"
TIMEOUT = (3.0, 10.0)
# The whole attempt (connect, send, answer's headers), however slowly the receiver drips bytes.
DEADLINE_SECONDS = 15.0
RETRYABLE_4XX = frozenset({408, 429})
ADDRESS_NOT_ALLOWED = "address not allowed"


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
    refused: bool = False  # the address is not allowed (core.outbound_urls): never sent

    @property
    def delivered(self) -> bool:
        return not self.error

    @property
    def final(self) -> bool:
        """Refused for good: a 4xx other than 408/429 (a repeat would be refused too), or an
        address we may not send to."""
        return self.refused or (
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
    adapter = GuardedAdapter(max_retries=0)
    session = requests.Session()
    session.trust_env = False  # no proxies or .netrc credentials from the environment
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        for sock in list(adapter.sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    timer = threading.Timer(DEADLINE_SECONDS, cut)
    timer.daemon = True
    timer.start()
    try:
        response = session.post(
            url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False, stream=True
        )
        # The answer's body is never read: the status says it all.
        response.close()
    except UnsafeUrl:
        return PostResult(None, ADDRESS_NOT_ALLOWED, refused=True)
    except Exception as exc:  # noqa: BLE001 — any failure is an undelivered attempt
        return PostResult(None, "timeout" if expired.is_set() else error_category(exc))
    finally:
        timer.cancel()
        session.close()
    status = response.status_code
    return PostResult(status, "" if 200 <= status < 300 else f"HTTP {status}")


def error_category(exc: BaseException) -> str:
    """What went wrong, in words safe to show a tenant (no hosts, ports or paths)."""
    if isinstance(exc, requests.Timeout):
        return "timeout"
    if isinstance(exc, requests.exceptions.SSLError) or _caused_by(exc, ssl.SSLError):
        return "TLS error"
    if _caused_by(exc, socket.gaierror) or "NameResolutionError" in repr(exc):
        return "DNS resolution failed"
    if _caused_by(exc, ConnectionRefusedError) or "Connection refused" in str(exc):
        return "connection refused"
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return "invalid URL"
    if isinstance(exc, requests.ConnectionError):
        return "connection failed"
    return "request failed"


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
