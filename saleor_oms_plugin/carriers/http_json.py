"""A generic JSON-over-HTTP carrier: how a real carrier's API plugs in behind the interface.

A carrier (or a small bridge in front of one) that speaks this wire works as is; for one that
does not, copy this module and change the paths and the readers (``_rate``,
``_label_result``, ``_tracking_status``).

The wire (``Authorization: Bearer <api key>``, JSON bodies, amounts as decimal strings)::

    POST {base}/rates          {"parcels": [...], "ship_from": {...}, "ship_to": {...},
                                "service": "express" | null}
        → 200 {"rates": [{"service", "amount", "currency", "min_transit_days",
                          "max_transit_days"}]}
    POST {base}/labels         {"reference", "service", "ship_from", "ship_to", "parcels",
                                "label_format": "pdf" | "zpl"}   + Idempotency-Key header
        → 200/201 {"tracking_number", "label_format", "label_base64",
                   "cost": {"amount", "currency"} | null}
    GET  {base}/trackings/{tracking number}
        → 200 {"tracking_number", "status", "events": [{"at", "status", "description",
                                                        "location"}]}
    POST {base}/labels/{tracking number}/void   → 200/204

Failures: a timeout, a connection error, 429 or a 5xx are retried (``max_attempts`` in all,
waiting ``backoff`` seconds, doubling); label purchases are safe to retry because every
attempt carries the same ``Idempotency-Key`` (``label:<shipment reference>``). After the last
attempt they raise ``CarrierError(UNAVAILABLE)``, which a Celery task may retry later with
``core.retry``'s backoff (the seconds-to-minutes scale of ``core.retry.backoff_seconds`` is for
tasks, too slow inside one call). 404 is ``NOT_FOUND``, other 4xx ``REJECTED`` with the
carrier's message; an answer that is not the expected JSON is ``BAD_RESPONSE``.

The base URL is the tenant's: the calling domain passes a ``requests.Session`` whose adapter
guards against private addresses (``core.outbound_urls.GuardedAdapter``); this module cannot
import it (it reads Django settings).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from urllib.parse import quote

import requests

from saleor_oms_plugin.core.retry import attempt_limit

from .documents import check_shipment
from .errors import CarrierError, CarrierErrorCode
from .model import (
    Address,
    LabelFormat,
    LabelResult,
    Money,
    Parcel,
    Rate,
    Shipment,
    TrackingEvent,
    TrackingState,
    TrackingStatus,
)

KEY = "http_json"
RETRY_STATUSES = frozenset({429})
DEFAULT_TIMEOUT = (3.05, 15.0)  # connect, read (seconds)
MAX_MESSAGE = 300
T = TypeVar("T")


@dataclass
class HttpJsonCarrier:
    base_url: str
    api_key: str
    key: str = KEY
    timeout: tuple[float, float] = DEFAULT_TIMEOUT
    max_attempts: int = 3
    backoff: float = 0.5
    session: requests.Session = field(default_factory=requests.Session)
    sleep: Callable[[float], None] = time.sleep

    def rates(
        self,
        parcels: Sequence[Parcel],
        ship_from: Address,
        ship_to: Address,
        service: str | None = None,
    ) -> list[Rate]:
        body = {
            "parcels": [dataclasses.asdict(p) for p in parcels],
            "ship_from": dataclasses.asdict(ship_from),
            "ship_to": dataclasses.asdict(ship_to),
            "service": service,
        }
        data = self._request("POST", "/rates", body=body)
        return _read(
            lambda: sorted(
                (self._rate(entry) for entry in data["rates"]),
                key=lambda r: (r.amount, r.max_transit_days, r.service),
            )
        )

    def _rate(self, entry: Mapping[str, Any]) -> Rate:
        low, high = int(entry["min_transit_days"]), int(entry["max_transit_days"])
        return Rate(
            self.key,
            str(entry["service"]),
            _amount(entry["amount"]),
            str(entry["currency"]),
            low,
            high,
        )

    def create_label(self, shipment: Shipment) -> LabelResult:
        check_shipment(shipment)
        body = {
            "reference": shipment.reference,
            "service": shipment.service,
            "ship_from": dataclasses.asdict(shipment.ship_from),
            "ship_to": dataclasses.asdict(shipment.ship_to),
            "parcels": [dataclasses.asdict(p) for p in shipment.parcels],
            "label_format": str(shipment.label_format),
        }
        data = self._request(
            "POST", "/labels", body=body, idempotency_key=f"label:{shipment.reference}"
        )
        return _read(lambda: _label_result(data))

    def tracking(self, tracking_number: str) -> TrackingStatus:
        data = self._request("GET", f"/trackings/{quote(tracking_number, safe='')}")
        return _read(lambda: _tracking_status(data))

    def void(self, tracking_number: str) -> None:
        self._request(
            "POST",
            f"/labels/{quote(tracking_number, safe='')}/void",
            idempotency_key=f"void:{tracking_number}",
        )

    def _request(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> Mapping[str, Any]:
        headers = {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        url = self.base_url.rstrip("/") + path
        attempts = max(1, self.max_attempts)
        failure = ""
        status: int | None = None
        for attempt in range(1, attempts + 1):
            if attempt > 1:
                self.sleep(self.backoff * 2 ** (attempt - 2))
            try:
                response = self.session.request(
                    method, url, json=body, headers=headers, timeout=self.timeout
                )
            except requests.Timeout:
                failure, status = "the carrier did not answer in time", None
                continue
            except requests.ConnectionError:
                failure, status = "the carrier could not be reached", None
                continue
            if response.status_code >= 500 or response.status_code in RETRY_STATUSES:
                failure, status = (
                    f"the carrier answered {response.status_code}",
                    response.status_code,
                )
                continue
            return _answer(response)
        raise CarrierError(
            CarrierErrorCode.UNAVAILABLE, f"{failure} ({attempts} attempts).", status=status
        )


def _answer(response: requests.Response) -> Mapping[str, Any]:
    status = response.status_code
    if status == 404:
        raise CarrierError(CarrierErrorCode.NOT_FOUND, _message(response), status=status)
    if status >= 400:
        raise CarrierError(CarrierErrorCode.REJECTED, _message(response), status=status)
    if status == 204 or not response.content:
        return {}
    try:
        data = response.json()
    except ValueError:
        raise CarrierError(
            CarrierErrorCode.BAD_RESPONSE, "The carrier's answer is not JSON.", status=status
        ) from None
    if not isinstance(data, dict):
        raise CarrierError(
            CarrierErrorCode.BAD_RESPONSE, "The carrier's answer is not an object.", status=status
        )
    return data


def _message(response: requests.Response) -> str:
    """The carrier's own explanation when it gives one, cut to a readable length."""
    try:
        data = response.json()
    except ValueError:
        data = None
    message: Any = None
    if isinstance(data, dict):
        error = data.get("error")
        message = error.get("message") if isinstance(error, dict) else error
        message = message or data.get("message")
    text = str(message) if message else f"The carrier refused the request ({response.status_code})."
    return text[:MAX_MESSAGE]


def _read(build: Callable[[], T]) -> T:
    """Run ``build`` over the carrier's JSON; a missing or mistyped field is BAD_RESPONSE."""
    try:
        return build()
    except (
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        InvalidOperation,
        binascii.Error,
    ) as error:
        raise CarrierError(
            CarrierErrorCode.BAD_RESPONSE, f"The carrier's answer is not as expected: {error!r}"
        ) from None


def _amount(value: Any) -> Decimal:
    amount = Decimal(str(value))
    if not amount.is_finite():
        raise ValueError("amount is not finite")
    return amount


def _label_result(data: Mapping[str, Any]) -> LabelResult:
    cost = data.get("cost")
    money = Money(_amount(cost["amount"]), str(cost["currency"])) if cost else None
    number = str(data["tracking_number"])
    if not number:
        raise ValueError("tracking_number is empty")
    label = base64.b64decode(data["label_base64"], validate=True)
    return LabelResult(number, label, LabelFormat(data["label_format"]), money)


def _state(value: Any) -> TrackingState:
    try:
        return TrackingState(value)
    except ValueError:
        return TrackingState.UNKNOWN


def _tracking_status(data: Mapping[str, Any]) -> TrackingStatus:
    events = tuple(
        TrackingEvent(
            at=_aware(dt.datetime.fromisoformat(str(event["at"]))),
            state=_state(event.get("status")),
            description=str(event.get("description") or ""),
            location=str(event.get("location") or ""),
        )
        for event in data.get("events") or ()
    )
    return TrackingStatus(
        str(data["tracking_number"]),
        _state(data.get("status")),
        tuple(sorted(events, key=lambda e: e.at)),
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("event time without a time zone")
    return moment


def http_json_from_config(
    config: Mapping[str, Any], *, session: requests.Session | None = None
) -> HttpJsonCarrier:
    """``{"base_url": "https://…", "api_key": "…", "max_attempts": 3,
    "timeout_seconds": 15}``; ``max_attempts`` is bounded as ``core.retry.attempt_limit``."""
    base_url, api_key = config.get("base_url"), config.get("api_key")
    if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
        raise CarrierError(CarrierErrorCode.INVALID_INPUT, "base_url must be an http(s) URL.")
    if not isinstance(api_key, str) or not api_key:
        raise CarrierError(CarrierErrorCode.INVALID_INPUT, "api_key is required.")
    read = config.get("timeout_seconds", DEFAULT_TIMEOUT[1])
    if isinstance(read, bool) or not isinstance(read, int | float) or not 0 < read <= 120:
        raise CarrierError(CarrierErrorCode.INVALID_INPUT, "timeout_seconds must be 0 to 120.")
    return HttpJsonCarrier(
        base_url=base_url,
        api_key=api_key,
        max_attempts=attempt_limit(config.get("max_attempts", 3)),
        timeout=(DEFAULT_TIMEOUT[0], float(read)),
        session=session or requests.Session(),
    )
