from saleor_oms_plugin.core.errors import DomainError
from saleor_oms_plugin.screening.error_codes import ScreeningErrorCode


class ScreeningError(DomainError):
    code: ScreeningErrorCode


class IllegalTransition(ScreeningError):
    """A screening result was asked to move to a state its transition table forbids."""

    def __init__(self, current: str, target: str) -> None:
        super().__init__(
            ScreeningErrorCode.ILLEGAL_TRANSITION,
            f"The order's screening is {current}; it cannot become {target}.",
            field="orderId",
        )
