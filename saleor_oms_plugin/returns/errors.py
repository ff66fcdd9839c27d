from saleor_oms_plugin.core.errors import DomainError
from saleor_oms_plugin.returns.error_codes import ReturnErrorCode, SaleorSyncErrorCode


class ReturnError(DomainError):
    code: ReturnErrorCode


class IllegalTransition(ReturnError):
    """A return was asked to move to a status its transition table forbids."""

    def __init__(self, current: str, target: str) -> None:
        super().__init__(
            ReturnErrorCode.ILLEGAL_TRANSITION,
            f"The return is {current}; it cannot become {target}.",
            field="status",
        )
        self.current = current
        self.target = target


class SyncRefused(Exception):
    """Recording a return in Saleor (``saleor_sync``): Saleor cannot take this step as things
    stand; staff must look."""

    def __init__(self, code: SaleorSyncErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
