from enum import StrEnum


class ScreeningErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    INVALID_CONFIG = "INVALID_CONFIG"
    NOT_PROPOSED = "NOT_PROPOSED"  # the correction accepted is not one the checks proposed
    ORDER_NOT_EDITABLE = "ORDER_NOT_EDITABLE"  # Saleor lets no app change the order now
    SALEOR_REFUSED = "SALEOR_REFUSED"  # Saleor answered the change with errors
    CORRECTION_IN_PROGRESS = "CORRECTION_IN_PROGRESS"  # another acceptance is applying it
    ALREADY_ACCEPTED = "ALREADY_ACCEPTED"  # the line was replaced by an earlier acceptance
