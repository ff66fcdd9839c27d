"""The root of the domain exception hierarchy.

Every domain raises subclasses of :class:`DomainError` carrying an enum code; the HTTP and
GraphQL edges turn them into responses. Nothing below the edges knows about HTTP.
"""

from __future__ import annotations

from enum import Enum


class DomainError(Exception):
    code: Enum
    field: str | None

    def __init__(self, code: Enum, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
