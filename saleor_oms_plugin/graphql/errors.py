"""Top-level GraphQL errors: every one carries ``extensions.code`` from one enum.

Mutation payloads report expected refusals in their own ``errors`` list; what ends up here is
what stops a field from resolving at all (authentication, permissions, bad arguments) or a
request from executing (malformed body, invalid document).
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

from graphql import GraphQLError

from saleor_oms_plugin.core.errors import DomainError

logger = logging.getLogger(__name__)


class OmsGraphQLErrorCode(StrEnum):
    # Authentication (HTTP 401)
    INVALID_TOKEN = "INVALID_TOKEN"
    EXPIRED_TOKEN = "EXPIRED_TOKEN"
    UNKNOWN_ISSUER = "UNKNOWN_ISSUER"
    TOKEN_APP_MISMATCH = "TOKEN_APP_MISMATCH"
    INVALID_API_KEY = "INVALID_API_KEY"
    # Authorisation and arguments
    PERMISSION_DENIED = "PERMISSION_DENIED"
    INVALID_ARGUMENTS = "INVALID_ARGUMENTS"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_ID = "INVALID_ID"
    SALEOR_UNAVAILABLE = "SALEOR_UNAVAILABLE"
    # The request itself (HTTP 4xx)
    MALFORMED_REQUEST = "MALFORMED_REQUEST"
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    RATE_LIMITED = "RATE_LIMITED"  # HTTP 429, with extensions.retryAfter in seconds
    INTERNAL_ERROR = "INTERNAL_ERROR"


class OmsGraphQLError(GraphQLError):
    """A GraphQL error whose code is part of our API contract."""

    def __init__(
        self, code: OmsGraphQLErrorCode, message: str, *, extra: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message, extensions={"code": code.value, **(extra or {})})
        self.code = code


class AuthenticationFailed(OmsGraphQLError):
    """The presented credentials are not acceptable; the view answers HTTP 401."""


class PermissionDenied(OmsGraphQLError):
    def __init__(self, required: list[str]) -> None:
        super().__init__(
            OmsGraphQLErrorCode.PERMISSION_DENIED,
            "You need one of these permissions to perform this action: " + ", ".join(required),
            extra={"requiredPermissions": required},
        )


def request_error(code: OmsGraphQLErrorCode, message: str) -> dict[str, Any]:
    """A GraphQL-shaped error for a request that never reached execution."""
    return {"message": message, "extensions": {"code": code.value}}


def format_error(error: GraphQLError) -> dict[str, Any]:
    """Standard GraphQL error shape; unexpected exceptions are logged, never shown."""
    original = error.original_error
    formatted: dict[str, Any] = dict(error.formatted)
    if isinstance(original, DomainError):
        # A domain refusal that no payload translated: still typed, so clients can branch on it.
        formatted["extensions"] = {"code": original.code.value}
        formatted["message"] = original.message
    elif original is not None and not isinstance(original, GraphQLError):
        logger.error("GraphQL resolver failed", exc_info=original)
        formatted["message"] = "Internal error."
        formatted["extensions"] = {"code": OmsGraphQLErrorCode.INTERNAL_ERROR.value}
    elif "code" not in (formatted.get("extensions") or {}):
        # Raised by graphql-core itself: before execution (variables that do not coerce) it is
        # the client's fault; at a path (null in a non-null field, unresolvable type) it is ours.
        if error.path is None:
            code = OmsGraphQLErrorCode.GRAPHQL_VALIDATION_FAILED
        else:
            logger.error("GraphQL execution failed at %s: %s", error.path, error.message)
            code = OmsGraphQLErrorCode.INTERNAL_ERROR
        formatted["extensions"] = {**(formatted.get("extensions") or {}), "code": code.value}
    return formatted
