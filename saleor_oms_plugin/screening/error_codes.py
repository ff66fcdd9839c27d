from enum import StrEnum


class ScreeningErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    INVALID_CONFIG = "INVALID_CONFIG"
