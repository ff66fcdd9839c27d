from saleor_oms_plugin.core.errors import DomainError
from saleor_oms_plugin.webhooks.error_codes import IntakeErrorCode


class IntakeError(DomainError):
    code: IntakeErrorCode
