"""What the locations domain records about a location (Saleor's warehouses and outside ones)."""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class LocationEvent(DomainEvent):
    RECEIVED = "location.received"
    PLACED = "location.placed"
    DELETED = "location.deleted"
    COORDINATES_SET = "location.coordinates_set"
    COORDINATES_CLEARED = "location.coordinates_cleared"
    # Outside locations (not Saleor warehouses).
    CREATED = "location.created"
    UPDATED = "location.updated"
    ARCHIVED = "location.archived"
    RESTORED = "location.restored"
