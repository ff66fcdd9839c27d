from saleor_oms_plugin.core.errors import DomainError
from saleor_oms_plugin.delivery.error_codes import DeliveryErrorCode


class DeliveryError(DomainError):
    code: DeliveryErrorCode
