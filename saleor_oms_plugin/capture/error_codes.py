from enum import StrEnum


class CaptureErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"  # no such source
    INVALID = "INVALID"  # a field of the input is wrong
    REQUIRED = "REQUIRED"  # a field of the input is missing
    DUPLICATE = "DUPLICATE"  # a source with this code exists
    TOO_MANY = "TOO_MANY"  # more orders in one request than accepted
    INACTIVE = "INACTIVE"  # the source is switched off
    ILLEGAL_STATE = "ILLEGAL_STATE"  # the captured order is not in a state that allows this
    REFERENCE_CHANGED = "REFERENCE_CHANGED"  # a correction names another external reference
