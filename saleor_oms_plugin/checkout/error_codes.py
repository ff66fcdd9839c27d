from enum import StrEnum


class CheckoutErrorCode(StrEnum):
    CART_NOT_FOUND = "CART_NOT_FOUND"
