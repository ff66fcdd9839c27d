from saleor_oms_plugin.capture.error_codes import CaptureErrorCode
from saleor_oms_plugin.capture.inbound import Problem
from saleor_oms_plugin.core.errors import DomainError


class CaptureError(DomainError):
    code: CaptureErrorCode


class CapturedOrderInvalid(CaptureError):
    """A corrected order that is still not valid: every problem at once, as an import says."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(CaptureErrorCode.INVALID, "; ".join(p.message for p in problems))
        self.problems = problems
