from __future__ import annotations

from saleor_oms_plugin.core.errors import DomainError


class AvailabilityError(DomainError):
    """A refused subscription or delivery change; ``code`` is an :class:`AvailabilityErrorCode`."""
