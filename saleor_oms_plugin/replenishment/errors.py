from __future__ import annotations

from saleor_oms_plugin.core.errors import DomainError


class ReplenishmentError(DomainError):
    """A refused replenishment change; ``code`` is a :class:`ReplenishmentErrorCode`."""
