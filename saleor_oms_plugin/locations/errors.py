from __future__ import annotations

from enum import StrEnum

from saleor_oms_plugin.core.errors import DomainError


class LocationErrorCode(StrEnum):
    LOCATION_NOT_FOUND = "LOCATION_NOT_FOUND"
    INVALID = "INVALID"
    INVALID_COORDINATES = "INVALID_COORDINATES"
    SLUG_IN_USE = "SLUG_IN_USE"
    SALEOR_WAREHOUSE = "SALEOR_WAREHOUSE"


class LocationError(DomainError):
    """A refused change of an outside location; ``code`` is a :class:`LocationErrorCode`."""
