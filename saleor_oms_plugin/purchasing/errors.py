from saleor_oms_plugin.core.errors import DomainError
from saleor_oms_plugin.purchasing.error_codes import PurchasingErrorCode


class PurchasingError(DomainError):
    code: PurchasingErrorCode


class IllegalTransition(PurchasingError):
    """A purchase order was asked to move to a state its transition table forbids."""

    def __init__(self, current: str, target: str) -> None:
        super().__init__(
            PurchasingErrorCode.ILLEGAL_TRANSITION,
            f"The purchase order is {current}; it cannot become {target}.",
            field="state",
        )
        self.current = current
        self.target = target
