"""A stand-in payment provider for the live suite: a Saleor app that owns the order's
transaction and answers Saleor's TRANSACTION_REFUND_REQUESTED (synchronous) webhook.

Saleor sends a refund to the app that created the transaction; without one it refuses to
request the refund at all. This is the merchant's payment app, not ours.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.live.saleor_live import GraphQLEndpoint

REFUND_SUBSCRIPTION = """subscription { event { ... on TransactionRefundRequested {
  transaction { id pspReference } action { amount currency actionType } } } }"""


@dataclass
class PaymentApp:
    saleor: GraphQLEndpoint  # as the payment app
    app_id: str
    refunds: list[dict[str, Any]] = field(default_factory=list)

    def charge(self, order_id: str, amount: str, currency: str) -> str:
        """A transaction that charged the order in full (Saleor marks it paid)."""
        payload = self.saleor.mutate(
            """mutation Charge($id: ID!, $transaction: TransactionCreateInput!) {
              transactionCreate(id: $id, transaction: $transaction) {
                transaction { id } errors { field message code } } }""",
            {
                "id": order_id,
                "transaction": {
                    "name": "Live card",
                    "pspReference": f"psp-{uuid.uuid4().hex[:10]}",
                    "availableActions": ["REFUND"],
                    "amountCharged": {"amount": amount, "currency": currency},
                },
            },
            field_name="transactionCreate",
        )
        return payload["transaction"]["id"]


def payment_app_start(staff: GraphQLEndpoint) -> tuple[PaymentApp, ThreadingHTTPServer]:
    refunds: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            refunds.append(body)
            action = body.get("action") or {}
            answer = json.dumps(
                {
                    "pspReference": f"refund-{uuid.uuid4().hex[:10]}",
                    "result": "REFUND_SUCCESS",
                    "amount": action.get("amount"),
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    created = staff.mutate(
        """mutation App($input: AppInput!) { appCreate(input: $input) {
          authToken app { id } errors { field message code } } }""",
        {
            "input": {
                "name": "Live payments",
                "identifier": f"live-payments-{uuid.uuid4().hex[:6]}",
                "permissions": ["HANDLE_PAYMENTS"],
            }
        },
        field_name="appCreate",
    )
    staff.mutate(
        """mutation Hook($input: WebhookCreateInput!) { webhookCreate(input: $input) {
          errors { field message code } } }""",
        {
            "input": {
                "app": created["app"]["id"],
                "name": "refunds",
                "isActive": True,
                "targetUrl": f"http://127.0.0.1:{server.server_address[1]}/refund",
                "syncEvents": ["TRANSACTION_REFUND_REQUESTED"],
                "query": REFUND_SUBSCRIPTION,
            }
        },
        field_name="webhookCreate",
    )
    app = PaymentApp(
        GraphQLEndpoint(staff.url, token=created["authToken"]), created["app"]["id"], refunds
    )
    return app, server
