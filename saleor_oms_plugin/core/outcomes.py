from enum import StrEnum


class ApplyOutcome(StrEnum):
    """What applying one Saleor payload to a read model did."""

    CREATED = "created"
    UPDATED = "updated"
    STALE = "stale"  # older than what we hold: ignored, never overwrites newer state
    DEFERRED = "deferred"  # refers to something not known yet: retried when it arrives
