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
    SaleorResponseError,
    SaleorTransportError,
)
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
        source = document(name)
        body = {"query": source, "variables": variables or {}}
        # A read may be repeated after a read timeout; a mutation may have run, so it is not.
        response = self._post(body, retry_read_timeouts=not is_mutation(source))
        if settings.SALEOR_CONTRACT_RECORD_DIR:
            exchange_record(
                name=name,
                variables=body["variables"],
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
            if codes & _AUTHENTICATION_CODES:
                raise SaleorAuthenticationError(errors)
            if codes & _PERMISSION_CODES:
                raise SaleorPermissionDenied(errors)
            raise SaleorGraphQLError(errors)
        if response.status_code >= 400 or not isinstance(payload.get("data"), dict):
            raise SaleorResponseError(
                f"Saleor answered HTTP {response.status_code} with no data",
                status=response.status_code,
            )
        return payload["data"]
