"""The deliveries the chaos bench feeds, and the sender that feeds them as Saleor would.

Deliveries are the real captures (signed by the captures' key) plus generated orders: copies of
the captured orders' and fulfilments' deliveries under new ids, signed by a key the bench holds
(the tenant trusts both). A share of them is sent twice and all are sent out of order; the
sender retries each until the service acknowledges it, as Saleor retries a webhook.
"""

from __future__ import annotations

import base64
import http.client
import json
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bench.services import Capture

#: ids that belong to one order: rewritten in a generated copy (stock, warehouses and
#: products stay shared)
ORDER_OWNED_TYPES = {"Order", "OrderLine", "Fulfillment", "FulfillmentLine", "Allocation"}
COPIED_PREFIXES = ("ORDER_", "FULFILLMENT_")
ID_NAMESPACE = uuid.UUID("6f1c2a36-6d0e-4b8e-9d55-0c4f3f3b8a10")
#: a copy's order number is the captured one plus its copy number times this (only orders
#: carry a ``number`` in the captures)
COPY_NUMBER_STEP = 100_000


@dataclass(frozen=True)
class Delivery:
    key: int  # this delivery's number (a duplicate keeps its original's)
    event: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def issued_at(self) -> str:
        return json.loads(self.body).get("issuedAt") or ""


def _decode(global_id: str) -> tuple[str, str] | None:
    try:
        type_name, _, pk = base64.b64decode(global_id + "==").decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return (type_name, pk) if pk else None


def _order_owned_ids(value: Any) -> Iterator[tuple[str, str, str]]:
    """(global id, type, pk) of every id in a payload that belongs to one order."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" and isinstance(item, str):
                decoded = _decode(item)
                if decoded and decoded[0] in ORDER_OWNED_TYPES:
                    yield item, *decoded
            else:
                yield from _order_owned_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _order_owned_ids(item)


def copy_body(body: bytes, copy_number: int) -> bytes:
    """The same delivery for another order: every id the order owns replaced, consistently
    (the same original id gets the same new one in every delivery of that copy), and the
    order numbered anew (``COPY_NUMBER_STEP`` apart), as a customer would see it."""
    text = body.decode()
    for global_id, type_name, pk in set(_order_owned_ids(json.loads(text))):
        new_pk = uuid.uuid5(ID_NAMESPACE, f"{copy_number}:{type_name}:{pk}")
        new_id = base64.b64encode(f"{type_name}:{new_pk}".encode()).decode().rstrip("=")
        text = text.replace(f'"{global_id}"', f'"{new_id}"')
    payload = json.loads(text)
    _renumber_orders(payload, copy_number)
    return json.dumps(payload).encode()


def _renumber_orders(value: Any, copy_number: int) -> None:
    if isinstance(value, dict):
        number = value.get("number")
        if isinstance(number, str) and number.isdigit():
            value["number"] = str(int(number) + copy_number * COPY_NUMBER_STEP)
        for item in value.values():
            _renumber_orders(item, copy_number)
    elif isinstance(value, list):
        for item in value:
            _renumber_orders(item, copy_number)


def build_deliveries(
    captures: list[Capture], count: int, sign: Callable[[bytes], str]
) -> list[Delivery]:
    """``count`` distinct deliveries: the captures first, then copies of their orders."""
    deliveries = [
        Delivery(index, capture.event, capture.headers, capture.body)
        for index, capture in enumerate(captures[:count])
    ]
    copyable = [c for c in captures if c.event.startswith(COPIED_PREFIXES)]
    copy_number = 0
    while len(deliveries) < count:
        copy_number += 1
        for capture in copyable:
            if len(deliveries) >= count:
                break
            body = copy_body(capture.body, copy_number)
            headers = tuple(
                (name, sign(body) if name.lower() == "saleor-signature" else value)
                for name, value in capture.headers
            )
            deliveries.append(Delivery(len(deliveries), capture.event, headers, body))
    return deliveries


def sending_order(
    deliveries: list[Delivery], *, duplicate_share: float, window: int, seed: int
) -> list[Delivery]:
    """What is sent: every delivery, ``duplicate_share`` of them twice (the copy a little
    later), shuffled within windows of ``window`` sends so later events often come first."""
    rng = random.Random(seed)
    sends = list(deliveries)
    for original in rng.sample(deliveries, int(len(deliveries) * duplicate_share)):
        sends.insert(min(len(sends), sends.index(original) + rng.randint(1, window)), original)
    shuffled: list[Delivery] = []
    for start in range(0, len(sends), window):
        chunk = sends[start : start + window]
        rng.shuffle(chunk)
        shuffled.extend(chunk)
    return shuffled


@dataclass
class SendLog:
    """What the sender saw, shared by its threads."""

    accepted: dict[int, float] = field(default_factory=dict)  # delivery key → first 200 at
    attempts: int = 0
    refused: int = 0  # answers other than 200, and failed connections (each retried)
    sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Sender:
    """Posts deliveries to the service from ``threads`` keep-alive connections, each until
    acknowledged (200), waiting a little between attempts."""

    def __init__(self, port: int, api_url: str, routes: dict[str, str], threads: int = 4):
        self.port = port
        self.api_url = api_url
        self.routes = routes
        self.threads = threads
        self.log = SendLog()

    def send_all(self, sends: list[Delivery]) -> None:
        queue = iter(sends)
        queue_lock = threading.Lock()

        def next_send() -> Delivery | None:
            with queue_lock:
                return next(queue, None)

        def run() -> None:
            connection: http.client.HTTPConnection | None = None
            while (delivery := next_send()) is not None:
                connection = self._deliver(connection, delivery)

        workers = [threading.Thread(target=run, daemon=True) for _ in range(self.threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    def _deliver(
        self, connection: http.client.HTTPConnection | None, delivery: Delivery
    ) -> http.client.HTTPConnection | None:
        domain = self.api_url.split("/")[2]
        headers = {
            **dict(delivery.headers),
            "Saleor-Api-Url": self.api_url,
            "Saleor-Domain": domain,
            "X-Saleor-Domain": domain,
            "Content-Type": "application/json",
        }
        pause = 0.2
        while True:
            with self.log.lock:
                self.log.attempts += 1
            try:
                connection = connection or http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=30
                )
                connection.request(
                    "POST", f"/api/webhooks/{self.routes[delivery.event]}/", delivery.body, headers
                )
                answer = connection.getresponse()
                answer.read()
                if answer.status == 200:
                    with self.log.lock:
                        self.log.sent += 1
                        self.log.accepted.setdefault(delivery.key, time.monotonic())
                    return connection
            except (OSError, http.client.HTTPException):
                if connection is not None:
                    connection.close()
                connection = None
            with self.log.lock:
                self.log.refused += 1
            time.sleep(pause)
            pause = min(pause * 2, 5.0)
