"""Return requests the chaos bench feeds while the faults last, as guests on a storefront would.

A guest asks through ``requestReturn`` on /graphql/ (order number, email and the shop's
``Saleor-Api-Url``) to send back one unit of a shipped line, under an idempotency key, and asks
again with that key until the service answers with an RMA, as a storefront retries after a
timeout or a 5xx. A share of the requests is asked once more after the answer, which must name
the same RMA. Only orders the feed ships and never cancels are asked about, and each only once
its shipment is in the read model (read straight from PostgreSQL, not through the faulty
proxy): a guest asking about an order the shop has not heard of yet would be a miss, and misses
are throttled.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bench.chaos_kit.feed import Delivery

REASON = "changed mind"
POLICY = {
    "window_days": 3650,
    "reasons": [REASON],
    "resolutions": ["refund"],
}
REQUEST_RETURN = """
mutation ChaosReturn($input: OmsRequestReturnInput!) {
  requestReturn(input: $input) {
    returnRequest { rmaNumber }
    errors { code message }
  }
}
"""
SHIPPED_LINE_SQL = """
SELECT 1 FROM oms_orders_fulfillmentline fl
JOIN oms_orders_fulfillment f ON f.id = fl.fulfillment_id
JOIN oms_orders_order o ON o.id = f.order_id
JOIN oms_orders_orderline ol ON ol.order_id = o.id AND ol.saleor_id = fl.order_line_saleor_id
WHERE o.saleor_id = %s AND fl.order_line_saleor_id = %s AND f.status = 'FULFILLED'
LIMIT 1
"""
CANCELLING_EVENTS = {"ORDER_CANCELLED", "FULFILLMENT_CANCELED"}


@dataclass(frozen=True)
class ReturnAsk:
    key: str  # the idempotency key: one per order
    order_id: str  # Saleor's
    number: str
    email: str
    line_id: str  # a Saleor order line with a shipped unit


def return_asks(deliveries: Iterable[Delivery], limit: int) -> list[ReturnAsk]:
    """At most ``limit`` requests, one per order the deliveries create and ship (a fulfilled
    fulfilment) and never cancel nor show in another state, in the order the orders were
    created."""
    created: dict[str, dict[str, Any]] = {}
    shipped: dict[str, str] = {}
    # Orders some delivery cancels, or shows a fulfilment of in another state (returned in
    # Saleor, waiting for approval…): what stays returnable there depends on the order of
    # processing, so they are left out.
    excluded: set[str] = set()
    for delivery in deliveries:
        payload = json.loads(delivery.body)
        order = payload.get("order") or {}
        order_id = order.get("id")
        if not order_id:
            continue
        if delivery.event in CANCELLING_EVENTS:
            excluded.add(order_id)
        if delivery.event == "ORDER_CREATED":
            created.setdefault(order_id, order)
        for fulfillment in _fulfillments(payload):
            if fulfillment.get("status") != "FULFILLED":
                excluded.add(order_id)
            elif fulfillment.get("lines"):
                shipped.setdefault(order_id, fulfillment["lines"][0]["orderLine"]["id"])
    asks = [
        ReturnAsk(
            key=f"chaos-return-{index}",
            order_id=order_id,
            number=str(order["number"]),
            email=str(order.get("userEmail") or ""),
            line_id=shipped[order_id],
        )
        for index, (order_id, order) in enumerate(created.items())
        if order_id in shipped and order_id not in excluded and order.get("userEmail")
    ]
    return asks[:limit]


def _fulfillments(payload: dict[str, Any]) -> list[dict[str, Any]]:
    found = list((payload.get("order") or {}).get("fulfillments") or [])
    if isinstance(payload.get("fulfillment"), dict):
        found.append(payload["fulfillment"])
    return found


@dataclass
class ReturnsLog:
    """What the feeder saw, shared by its threads."""

    answered: dict[str, str] = field(default_factory=dict)  # key → RMA of the first answer
    repeats: int = 0  # asked again after an answer
    repeats_same: int = 0  # … and answered the same RMA
    attempts: int = 0
    refused: int = 0  # 5xx, failed connections and GraphQL errors (each asked again)
    refusals: dict[str, int] = field(default_factory=dict)  # code or status → times
    not_ready: int = 0  # asks whose order never shipped in the read model
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refuse(self, reason: str) -> None:
        with self.lock:
            self.refused += 1
            self.refusals[reason] = self.refusals.get(reason, 0) + 1


class ReturnsFeeder:
    """Asks for every return in ``asks`` from ``threads`` threads until stopped."""

    def __init__(
        self,
        *,
        port: int,
        api_url: str,
        database_url: str,
        asks: list[ReturnAsk],
        repeat_share: float,
        seed: int,
        threads: int = 2,
    ) -> None:
        self.port, self.api_url, self.database_url = port, api_url, database_url
        self.asks, self.repeat_share = asks, repeat_share
        self.rng = random.Random(seed)
        self.threads = threads
        self.log = ReturnsLog()
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []

    def start(self) -> ReturnsFeeder:
        queue = iter(self.asks)
        lock = threading.Lock()

        def next_ask() -> ReturnAsk | None:
            with lock:
                return next(queue, None)

        def run() -> None:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as database:
                while (ask := next_ask()) is not None and not self._stop.is_set():
                    if not self._wait_shipped(database, ask):
                        with self.log.lock:
                            self.log.not_ready += 1
                        continue
                    rma = self._ask_until_answered(ask)
                    if rma is None:
                        continue
                    with self.log.lock:
                        self.log.answered[ask.key] = rma
                        repeat = self.rng.random() < self.repeat_share
                    if repeat:
                        again = self._ask_until_answered(ask)
                        with self.log.lock:
                            self.log.repeats += 1
                            self.log.repeats_same += again == rma

        self._workers = [threading.Thread(target=run, daemon=True) for _ in range(self.threads)]
        for worker in self._workers:
            worker.start()
        return self

    def finish(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for every ask, then stop; whether all were done."""
        deadline = time.monotonic() + timeout
        for worker in self._workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        done = not any(worker.is_alive() for worker in self._workers)
        self._stop.set()
        for worker in self._workers:
            worker.join(30)
        return done

    def _wait_shipped(self, database: Any, ask: ReturnAsk) -> bool:
        while not self._stop.is_set():
            if database.execute(SHIPPED_LINE_SQL, (ask.order_id, ask.line_id)).fetchone():
                return True
            self._stop.wait(0.5)
        return False

    def _ask_until_answered(self, ask: ReturnAsk) -> str | None:
        """The RMA the service answers, asked again after every failure; None when stopped."""
        body = json.dumps(
            {
                "query": REQUEST_RETURN,
                "variables": {
                    "input": {
                        "orderNumber": ask.number,
                        "email": ask.email,
                        "resolution": "REFUND",
                        "idempotencyKey": ask.key,
                        "lines": [{"orderLineId": ask.line_id, "quantity": 1, "reason": REASON}],
                    }
                },
            }
        )
        headers = {"Content-Type": "application/json", "Saleor-Api-Url": self.api_url}
        pause = 0.2
        while not self._stop.is_set():
            with self.log.lock:
                self.log.attempts += 1
            reason = self._post(body, headers)
            if reason.startswith("RMA-"):
                return reason
            self.log.refuse(reason)
            self._stop.wait(pause)
            pause = min(pause * 2, 5.0)
        return None

    def _post(self, body: str, headers: dict[str, str]) -> str:
        """The RMA answered, or why not (HTTP status, error code, ``connection``)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("POST", "/graphql/", body, headers)
            answer = connection.getresponse()
            text = answer.read()
        except (OSError, http.client.HTTPException):
            return "connection"
        finally:
            connection.close()
        if answer.status != 200:
            return f"http {answer.status}"
        try:
            data = json.loads(text)
            payload = data["data"]["requestReturn"]
        except (ValueError, KeyError, TypeError):
            return "graphql error"
        if payload["errors"]:
            return str(payload["errors"][0]["code"])
        return str(payload["returnRequest"]["rmaNumber"])
