from enum import StrEnum


class ConditionErrorCode(StrEnum):
    """Why a condition (or a rule definition) was refused; each issue carries a path."""

    INVALID_NODE = "INVALID_NODE"  # not an object of a known shape
    MISSING_KEY = "MISSING_KEY"
    UNEXPECTED_KEY = "UNEXPECTED_KEY"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"
    UNKNOWN_EVENT_FIELD = "UNKNOWN_EVENT_FIELD"  # event.<key> the trigger's event does not carry
    FIELD_NOT_AVAILABLE = "FIELD_NOT_AVAILABLE"  # a real field, not for this trigger
    UNKNOWN_OPERATOR = "UNKNOWN_OPERATOR"
    OPERATOR_NOT_ALLOWED = "OPERATOR_NOT_ALLOWED"  # a real operator, not for this field type
    INVALID_VALUE = "INVALID_VALUE"  # wrong type or out of range
    EMPTY_GROUP = "EMPTY_GROUP"
    TOO_DEEP = "TOO_DEEP"
    TOO_LARGE = "TOO_LARGE"
    SCHEDULE_NEEDS_TIME_CONDITION = "SCHEDULE_NEEDS_TIME_CONDITION"
    UNKNOWN_TRIGGER = "UNKNOWN_TRIGGER"
    UNKNOWN_ACTION = "UNKNOWN_ACTION"
    INVALID_ACTION = "INVALID_ACTION"


class RuleErrorCode(StrEnum):
    INVALID = "INVALID"  # the definition has issues (see RuleValidationError.issues)
    NOT_FOUND = "NOT_FOUND"
    DUPLICATE_NAME = "DUPLICATE_NAME"
    INVALID_DOCUMENT = "INVALID_DOCUMENT"  # an export/import document that cannot be read
    UNKNOWN_TEMPLATE = "UNKNOWN_TEMPLATE"
    TASK_NOT_FOUND = "TASK_NOT_FOUND"
    TASK_CLOSED = "TASK_CLOSED"
    INVALID_TASK = "INVALID_TASK"
    ENDPOINT_NOT_FOUND = "ENDPOINT_NOT_FOUND"
    INVALID_ENDPOINT = "INVALID_ENDPOINT"
    URL_NOT_ALLOWED = "URL_NOT_ALLOWED"  # a private address, or credentials in the URL
