"""What the inventory domain records: imports and reconciliations, channels, reservations,
transfers, stock feeds and the count tasks of short picks.

Reservation, transfer and feed-run moves are recorded as ``<subject>.<state, lower case>``
(``reservation.expired``, ``transfer.in_transit``, ``feed_run.partial``): one member per state
each can enter, looked up with ``InventoryEvent(f"transfer.{state.lower()}")``.
"""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class InventoryEvent(DomainEvent):
    IMPORTED = "inventory.imported"
    RECONCILED = "inventory.reconciled"
    CHANNEL_CREATED = "channel.created"
    CHANNEL_LOCATIONS_SET = "channel.locations_set"
    CHANNEL_BUFFER_SET = "channel.buffer_set"
    COUNT_TASK_CREATED = "task.created"
    # reservation.<Reservation.State>: created RESERVED, then one of the final states
    RESERVATION_CREATED = "reservation.created"
    RESERVATION_LINKED = "reservation.linked"
    RESERVATION_RELEASED = "reservation.released"
    RESERVATION_CONVERTED = "reservation.converted"
    RESERVATION_EXPIRED = "reservation.expired"
    # transfer.<Transfer.State>
    TRANSFER_REQUESTED = "transfer.requested"
    TRANSFER_IN_TRANSIT = "transfer.in_transit"
    TRANSFER_RECEIVED = "transfer.received"
    TRANSFER_CANCELLED = "transfer.cancelled"
    FEED_SOURCE_CREATED = "feed_source.created"
    FEED_SOURCE_UPDATED = "feed_source.updated"
    # feed_run.<FeedRun.Status>
    FEED_RUN_APPLIED = "feed_run.applied"
    FEED_RUN_PARTIAL = "feed_run.partial"
    FEED_RUN_REJECTED = "feed_run.rejected"
    FEED_RUN_STALE = "feed_run.stale"
