from saleor_oms_plugin.core.errors import DomainError
from saleor_oms_plugin.tenants.error_codes import TenantErrorCode


class TenantError(DomainError):
    code: TenantErrorCode
