"""Typed errors of the routing domain; the GraphQL/HTTP edge maps the codes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RuleSetErrorCode(StrEnum):
    REQUIRED = "required"
    INVALID_TYPE = "invalid_type"
    INVALID_VALUE = "invalid_value"
    UNKNOWN_KEY = "unknown_key"
    UNKNOWN_RULE = "unknown_rule"
    DUPLICATE_RULE = "duplicate_rule"
    INVALID_ORDER = "invalid_order"
    UNKNOWN_FIELD = "unknown_field"
    UNKNOWN_OPERATOR = "unknown_operator"
    NOT_DRAFT = "not_draft"


@dataclass(frozen=True)
class RuleSetIssue:
    path: str  # JSON path into the submitted rule set, e.g. "rules[2].rate_table[0].per_kg"
    code: RuleSetErrorCode
    message: str


class RuleSetInvalid(ValueError):
    def __init__(self, issues: list[RuleSetIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("; ".join(f"{i.path}: {i.message}" for i in self.issues))


class RoutingInputErrorCode(StrEnum):
    NO_LINES = "no_lines"
    INVALID_QUANTITY = "invalid_quantity"
    DUPLICATE_LINE = "duplicate_line"
    UNKNOWN_PICKUP_LOCATION = "unknown_pickup_location"
    UNGEOCODABLE_DESTINATION = "ungeocodable_destination"
    NAIVE_NOW = "naive_now"


class RoutingInputError(ValueError):
    def __init__(self, code: RoutingInputErrorCode, message: str) -> None:
        self.code = code
        super().__init__(message)
