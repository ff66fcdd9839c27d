"""The one module that talks to Saleor's GraphQL API.

Every call names a document from ``documents/`` (validated against Saleor's schema in the
tests). Failures that may pass (connection errors, 5xx, 429) are retried with exponential
backoff and full jitter, honouring ``Retry-After``; what remains is raised as a typed
:mod:`~saleor_oms_plugin.saleor.errors` exception.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from django.conf import settings

from saleor_oms_plugin import __version__
from saleor_oms_plugin.saleor.documents import document, is_mutation
from saleor_oms_plugin.saleor.errors import (
    MutationError,
    SaleorAuthenticationError,
    SaleorGraphQLError,
    SaleorMutationError,
    SaleorNotFound,
    SaleorPermissionDenied,
    SaleorRecordsUnreadable,
    SaleorResponseError,
    SaleorTransportError,
)
from saleor_oms_plugin.saleor.metrics import saleor_call_observe
from saleor_oms_plugin.saleor.recording import exchange_record

_PERMISSION_CODES = {"PermissionDenied"}
_AUTHENTICATION_CODES = {"InvalidTokenError", "ExpiredSignatureError", "JSONWebTokenError"}
_RETRY_STATUSES = {429, 500, 502, 503, 504}
_MAX_RETRY_AFTER_SECONDS = 60.0

_sessions = threading.local()


def _shared_session() -> requests.Session:
    """One pooled session per thread: keeps connections to Saleor alive between calls."""
    session = getattr(_sessions, "session", None)
    if session is None:
        session = requests.Session()
        session.headers["User-Agent"] = f"saleor-oms/{__version__}"
        _sessions.session = session
    return session


def _retry_after_seconds(response: requests.Response) -> float | None:
    raw = response.headers.get("Retry-After")
    if not raw:
        return None
    try:
        return min(float(raw), _MAX_RETRY_AFTER_SECONDS)
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return min(max(moment.timestamp() - time.time(), 0.0), _MAX_RETRY_AFTER_SECONDS)


def _json_or_text(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text[:2000]


@dataclass(frozen=True)
class UnreadableNode:
    """A record Saleor cannot return (its page came back null because of it)."""

    saleor_id: str
    reason: str


@dataclass(frozen=True)
class TolerantPage:
    """What one request of :meth:`SaleorClient.pages_tolerant` yielded: nodes, or one record
    stepped over."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    unreadable: list[UnreadableNode] = field(default_factory=list)


#: Records in a row that may be stepped over before the walk gives up: beyond this, the fault
#: is in the query or the server, not in single records.
MAX_CONSECUTIVE_UNREADABLE = 20


class SaleorClient:
    def __init__(
        self,
        api_url: str,
        token: str | None = None,
        *,
        session: requests.Session | None = None,
        max_retries: int | None = None,
        backoff_base: float = 0.5,
        backoff_cap: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api_url = api_url
        self.token = token
        self.session = session or _shared_session()
        self.timeout = (settings.SALEOR_CONNECT_TIMEOUT, settings.SALEOR_READ_TIMEOUT)
        self.max_retries = settings.SALEOR_MAX_RETRIES if max_retries is None else max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.sleep = sleep

    # -- public API -------------------------------------------------------------------------

    def execute(self, name: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run the document ``documents/<name>.graphql``; return its ``data``."""
        started = time.monotonic()
        error: BaseException | None = None
        try:
            return self._execute(name, variables)
        except Exception as exc:
            error = exc
            raise
        finally:
            saleor_call_observe(document=name, seconds=time.monotonic() - started, error=error)

    def _execute(self, name: str, variables: dict[str, Any] | None) -> dict[str, Any]:
        source = document(name)
        variables = variables or {}
        body = {"query": source, "variables": variables}
        # A read may be repeated after a read timeout; a mutation may have run, so it is not.
        response = self._post(body, retry_read_timeouts=not is_mutation(source))
        if folder := settings.SALEOR_CONTRACT_RECORD_DIR:
            exchange_record(
                folder=folder,
                name=name,
                variables=variables,
                status=response.status_code,
                answer=_json_or_text(response),
            )
        return self._data(response)

    def mutate(self, name: str, variables: dict[str, Any], *, payload: str) -> dict[str, Any]:
        """Run a mutation document; return its payload or raise its ``errors`` typed."""
        data = self.execute(name, variables)
        result = data.get(payload)
        if result is None:
            raise SaleorNotFound(f"{payload} returned nothing")
        errors = result.get("errors") or []
        if errors:
            raise SaleorMutationError(
                payload,
                [
                    MutationError(
                        field=error.get("field"),
                        message=error.get("message") or "",
                        code=error.get("code") or "UNKNOWN",
                    )
                    for error in errors
                ],
            )
        return result

    def paginate(
        self, name: str, connection: str, *, page_size: int = 100, **variables: Any
    ) -> Iterator[dict[str, Any]]:
        """Every node of a Relay connection, following ``endCursor`` page by page."""
        after: str | None = None
        while True:
            data = self.execute(name, {**variables, "first": page_size, "after": after})
            page = data.get(connection)
            if page is None:
                raise SaleorNotFound(f"{connection} returned nothing")
            for edge in page["edges"]:
                yield edge["node"]
            info = page["pageInfo"]
            if not info["hasNextPage"]:
                return
            after = info["endCursor"]

    def pages_tolerant(
        self,
        name: str,
        connection: str,
        *,
        ids_document: str,
        page_size: int = 100,
        **variables: Any,
    ) -> Iterator[TolerantPage]:
        """Every page of a Relay connection, stepping over records Saleor cannot return.

        Saleor nulls the whole connection when one non-null field of one node fails to
        serialize (a blank ``origin`` of an old order). Such a page is asked again from the
        same cursor at half the size until the failing record is alone; ``ids_document`` (the
        same connection in the same order, asking only ``cursor`` and ``node { id }``, which no
        record can break) then names it and gives the cursor past it: a bisection, about twice
        log2(page_size) requests per bad record. Full pages follow. Errors about the query itself, permissions or transport are raised as usual.
        """
        after: str | None = None
        size = page_size
        # When set, a record that breaks pages lies within the next `window` records.
        window: int | None = None
        in_a_row = 0
        while True:
            page, failure = self._page_or_failure(
                name, connection, {**variables, "first": size, "after": after}
            )
            if page is None:
                if size > 1:
                    window, size = size, size // 2
                    continue
                ids_page = self.execute(ids_document, {**variables, "first": 1, "after": after})
                skeleton = ids_page.get(connection)
                if not skeleton or not skeleton["edges"]:
                    raise SaleorNotFound(f"{connection}: {failure}")
                edge = skeleton["edges"][0]
                in_a_row += 1
                if in_a_row > MAX_CONSECUTIVE_UNREADABLE:
                    raise SaleorRecordsUnreadable(
                        f"{connection}: {in_a_row} records in a row could not be read: {failure}"
                    )
                yield TolerantPage(unreadable=[UnreadableNode(edge["node"]["id"], failure)])
                if not skeleton["pageInfo"]["hasNextPage"]:
                    return
                after, window, size = edge["cursor"], None, page_size
                continue
            in_a_row = 0
            yield TolerantPage(nodes=[edge["node"] for edge in page["edges"]])
            info = page["pageInfo"]
            if not info["hasNextPage"]:
                return
            after = info["endCursor"]
            if window is not None:
                # Bisect what is left of the window; past it (the record changed?) start over.
                window -= len(page["edges"])
                window, size = (window, max(1, window // 2)) if window > 0 else (None, page_size)

    def _page_or_failure(
        self, name: str, connection: str, variables: dict[str, Any]
    ) -> tuple[dict[str, Any] | None, str]:
        """A connection page, or None and why when a record in it made Saleor drop it."""
        try:
            data = self.execute(name, variables)
        except (SaleorPermissionDenied, SaleorAuthenticationError):
            raise
        except SaleorGraphQLError as exc:
            if not exc.about_records:
                raise
            return None, str(exc)
        page = data.get(connection)
        if page is None:
            return None, f"Saleor returned no {connection}"
        return page, ""

    # -- transport --------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _backoff(self, attempt: int, floor: float | None = None) -> float:
        delay = random.uniform(0, min(self.backoff_cap, self.backoff_base * 2**attempt))
        return max(delay, floor or 0.0)

    def _post(self, body: dict[str, Any], *, retry_read_timeouts: bool) -> requests.Response:
        attempt = 0
        while True:
            failure: str
            retry_after: float | None = None
            status: int | None = None
            try:
                response = self.session.post(
                    self.api_url, json=body, headers=self._headers(), timeout=self.timeout
                )
            except requests.ConnectionError as exc:  # includes ConnectTimeout
                failure = f"cannot reach Saleor at {self.api_url}: {exc.__class__.__name__}"
            except requests.Timeout as exc:
                failure = f"Saleor did not answer in time: {exc.__class__.__name__}"
                if not retry_read_timeouts:
                    raise SaleorTransportError(failure) from exc
            else:
                if response.status_code not in _RETRY_STATUSES:
                    return response
                status = response.status_code
                failure = f"Saleor answered HTTP {status}"
                retry_after = _retry_after_seconds(response)
            if attempt >= self.max_retries:
                raise SaleorTransportError(
                    f"{failure} (after {attempt + 1} attempts)", status=status
                )
            self.sleep(self._backoff(attempt, retry_after))
            attempt += 1

    def _data(self, response: requests.Response) -> dict[str, Any]:
        try:
            payload = response.json()
        except ValueError:
            raise SaleorResponseError(
                f"Saleor answered HTTP {response.status_code} without JSON",
                status=response.status_code,
            ) from None
        if not isinstance(payload, dict):
            raise SaleorResponseError("Saleor's answer is not a JSON object")
        errors = payload.get("errors")
        if errors:
            codes = SaleorGraphQLError(errors).codes
            data = payload.get("data") if isinstance(payload.get("data"), dict) else None
            if codes & _AUTHENTICATION_CODES:
                raise SaleorAuthenticationError(errors, data=data)
            if codes & _PERMISSION_CODES:
                raise SaleorPermissionDenied(errors, data=data)
            raise SaleorGraphQLError(errors, data=data)
        if response.status_code >= 400 or not isinstance(payload.get("data"), dict):
            raise SaleorResponseError(
                f"Saleor answered HTTP {response.status_code} with no data",
                status=response.status_code,
            )
        return payload["data"]
