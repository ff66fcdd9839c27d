from __future__ import annotations

from saleor_oms_plugin.core.errors import DomainError


class InventoryError(DomainError):
    """A refused stock or reservation change; ``code`` is an :class:`InventoryErrorCode`."""
