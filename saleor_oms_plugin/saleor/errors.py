"""Typed failures of calls to Saleor, so callers decide by type, never by message text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class SaleorError(Exception):
    """Base of every failure talking to Saleor."""

    #: whether trying the same call later may succeed (network trouble, 5xx, rate limits)
    transient: bool = False


class SaleorTransportError(SaleorError):
    """No usable answer: connection refused or reset, timeout, 5xx or 429 after all retries."""

    transient = True

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class SaleorResponseError(SaleorError):
    """Saleor answered with something that is not a GraphQL response (4xx page, bad JSON)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class SaleorGraphQLError(SaleorError):
    """The response carries top-level GraphQL ``errors``."""

    def __init__(self, errors: list[dict[str, Any]], *, data: dict[str, Any] | None = None) -> None:
        self.errors = errors
        #: what ``data`` came with the errors: None when Saleor refused the query unexecuted
        self.data = data
        super().__init__("; ".join(str(error.get("message", error)) for error in errors))

    @property
    def codes(self) -> set[str]:
        return {
            str(((error.get("extensions") or {}).get("exception") or {}).get("code", ""))
            for error in self.errors
        } - {""}

    @property
    def about_records(self) -> bool:
        """Whether every error arose below a top-level field, in the data of some record (path
        ``["orders", "edges", 3, "node", "origin"]``), rather than in the query itself (no
        ``data``: validation, cost) or in the top-level resolver (path ``["orders"]``). An
        execution error reported without a path counts as a record's."""
        if not self.errors:
            return False
        for error in self.errors:
            path = error.get("path")
            if isinstance(path, list) and len(path) <= 1:
                return False
            if not isinstance(path, list) and self.data is None:
                return False
        return True


class SaleorPermissionDenied(SaleorGraphQLError):
    """Our token lacks a permission the document needs (or is not accepted at all)."""


class SaleorAuthenticationError(SaleorGraphQLError):
    """The token is invalid or expired."""


class SaleorRecordsUnreadable(SaleorError):
    """Too many records in a row could not be read: the fault is not in single records."""


class SaleorNotFound(SaleorError):
    """The object the call is about does not exist (or is not visible to our app)."""


@dataclass(frozen=True)
class MutationError:
    field: str | None
    message: str
    code: str


class SaleorMutationError(SaleorError):
    """A mutation ran and refused: its payload ``errors`` with Saleor's error codes."""

    def __init__(self, mutation: str, errors: list[MutationError]) -> None:
        self.mutation = mutation
        self.errors = errors
        super().__init__(
            f"{mutation}: " + "; ".join(f"{e.code} ({e.field or '-'}): {e.message}" for e in errors)
        )

    @property
    def codes(self) -> set[str]:
        return {error.code for error in self.errors}
