"""The outbound webhooks' receiver: records every delivery key it is sent, and refuses a share
of the calls (503) so the service has to retry."""

from __future__ import annotations

import random
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DELIVERY_HEADER = "X-OMS-Delivery"  # saleor_oms_plugin.core.signing.DELIVERY_HEADER


class Receiver:
    def __init__(self, *, refuse_share: float, seed: int) -> None:
        self.received: Counter[str] = Counter()  # delivery key → times acknowledged
        self.refused = 0
        self.refuse_share = refuse_share  # may be changed while it runs
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                key = self.headers.get(DELIVERY_HEADER, "")
                with receiver._lock:
                    refuse = receiver._random.random() < receiver.refuse_share
                    if refuse:
                        receiver.refused += 1
                    else:
                        receiver.received[key] += 1
                self.send_response(503 if refuse else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/hooks/"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
