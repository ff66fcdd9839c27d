"""A thin client for the live Saleor the contract suite runs against (staff side)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import requests

T = TypeVar("T")


class LiveGraphQLError(AssertionError):
    """A GraphQL answer with errors where the suite expected data."""


@dataclass
class GraphQLEndpoint:
    """One GraphQL endpoint and the bearer token to call it with."""

    url: str
    token: str = ""
    timeout: float = 60
    session: requests.Session = field(default_factory=requests.Session)

    def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The whole answer (``data`` and ``errors``), for tests about refusals."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = self.session.post(
            self.url,
            json={"query": query, "variables": variables or {}},
            headers=headers,
            timeout=self.timeout,
        )
        response.raise_for_status()
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
