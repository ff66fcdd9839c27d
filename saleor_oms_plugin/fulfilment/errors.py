from saleor_oms_plugin.core.errors import DomainError
from saleor_oms_plugin.fulfilment.error_codes import FulfilmentErrorCode


class FulfilmentError(DomainError):
    code: FulfilmentErrorCode


class IllegalTransition(FulfilmentError):
    """A plan or shipment was asked to move to a state its transition table forbids."""

    def __init__(self, subject: str, current: str, target: str) -> None:
        super().__init__(
            FulfilmentErrorCode.ILLEGAL_TRANSITION,
            f"The {subject} is {current}; it cannot become {target}.",
            field="state",
        )
        self.current = current
        self.target = target
