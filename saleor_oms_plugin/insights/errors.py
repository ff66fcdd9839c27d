from saleor_oms_plugin.core.errors import DomainError
from saleor_oms_plugin.insights.error_codes import InsightsErrorCode


class InsightsError(DomainError):
    code: InsightsErrorCode
