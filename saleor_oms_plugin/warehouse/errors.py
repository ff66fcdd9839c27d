from __future__ import annotations

from saleor_oms_plugin.core.errors import DomainError


class WarehouseError(DomainError):
    """A refused warehouse change; ``code`` is a :class:`WarehouseErrorCode`."""
