from saleor_oms_plugin.capture.error_codes import CaptureErrorCode
from saleor_oms_plugin.core.errors import DomainError


class CaptureError(DomainError):
    code: CaptureErrorCode
