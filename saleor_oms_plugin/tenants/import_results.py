"""What the steps of an import run report: counts, and the records Saleor could not return.

The run (:mod:`.import_runs`) stores these; the domains that do the steps fill them in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of records an import may skip (``SkippedRecord.kind``).
KIND_ORDER = "ORDER"
KIND_LOCATION = "LOCATION"
KIND_VARIANT = "VARIANT"


@dataclass(frozen=True)
class SkippedRecord:
    kind: str
    saleor_id: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "saleor_id": self.saleor_id, "reason": self.reason}


@dataclass
class ImportSummary:
    """What the read models step (warehouses, orders) did."""

    locations: int = 0
    locations_removed: int = 0
    orders: int = 0
    orders_unchanged: int = 0
    # Orders imported whose origin Saleor cannot tell (blank in its database): stored as "".
    orders_origin_unknown: int = 0
    skipped: list[SkippedRecord] = field(default_factory=list)

    @property
    def orders_seen(self) -> int:
        """Orders read from Saleor, whether they changed anything here or not."""
        return self.orders + self.orders_unchanged

    def counts(self) -> dict[str, int]:
        return {
            "locations": self.locations,
            "locations_removed": self.locations_removed,
            "orders": self.orders,
            "orders_unchanged": self.orders_unchanged,
            "orders_origin_unknown": self.orders_origin_unknown,
            "skipped": len(self.skipped),
        }
