"""A thin client for the live Saleor the contract suite runs against (staff side)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import requests

T = TypeVar("T")
# Saleor's access tokens live 5 minutes; a staff endpoint signs in again before that.
TOKEN_RENEW_AFTER = 240


class LiveGraphQLError(AssertionError):
    """A GraphQL answer with errors where the suite expected data."""


@dataclass
class GraphQLEndpoint:
    """One GraphQL endpoint and the bearer token to call it with."""

    url: str
    token: str = ""
    timeout: float = 60
    session: requests.Session = field(default_factory=requests.Session)
    sign_in: Callable[[], str] | None = None  # a new token, for a token that would expire
    token_at: float = field(default_factory=time.monotonic)

    def fresh_token(self) -> str:
        if self.sign_in and time.monotonic() - self.token_at > TOKEN_RENEW_AFTER:
            self.token, self.token_at = self.sign_in(), time.monotonic()
        return self.token

    def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The whole answer (``data`` and ``errors``), for tests about refusals."""
        token = self.fresh_token()
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.session.post(
            self.url,
            json={"query": query, "variables": variables or {}},
            headers=headers,
            timeout=self.timeout,
        )
        if response.status_code >= 400:  # say why: our API explains refusals in the body
            raise LiveGraphQLError(f"{response.status_code} from {self.url}: {response.text[:500]}")
        return response.json()

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """``data`` of an answer that must have no errors."""
        answer = self.execute(query, variables)
        if answer.get("errors"):
            raise LiveGraphQLError(f"{answer['errors']} for {query.strip()[:200]}")
        return answer["data"]

    def mutate(
        self, query: str, variables: dict[str, Any] | None = None, *, field_name: str
    ) -> dict[str, Any]:
        """The payload of a mutation that must succeed (no GraphQL and no field errors)."""
        payload = self.data(query, variables)[field_name]
        errors = payload.get("errors") or []
        if errors:
            raise LiveGraphQLError(f"{field_name} refused: {errors}")
        return payload


def staff_token(url: str, email: str, password: str) -> str:
    endpoint = GraphQLEndpoint(url)
    payload = endpoint.mutate(
        """mutation SignIn($email: String!, $password: String!) {
          tokenCreate(email: $email, password: $password) { token errors { field message code } }
        }""",
        {"email": email, "password": password},
        field_name="tokenCreate",
    )
    return payload["token"]


def wait_for(
    what: str, probe: Callable[[], T | None], *, timeout: float = 120, every: float = 1.0
) -> T:
    """Poll ``probe`` until it returns something truthy; fail with ``what`` after ``timeout``.

    Deadlines are generous on purpose: a loaded two-core machine runs Saleor, its worker and
    ours at once, and the suite asserts outcomes, never speed.
    """
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")
