"""The carrier adapter interface: what every carrier, built in or added, provides.

To add a carrier, write a class with these four methods and a ``key``, and register a factory
for it (``registry.register_carrier``). Raise ``CarrierError`` with the code that says what
happened; mark failures that may pass (timeouts, 5xx) ``UNAVAILABLE`` so callers retry them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from .model import Address, LabelResult, Parcel, Rate, Shipment, TrackingStatus


@runtime_checkable
class CarrierAdapter(Protocol):
    key: str  # the registry key, e.g. "own_fleet"

    def rates(
        self,
        parcels: Sequence[Parcel],
        ship_from: Address,
        ship_to: Address,
        service: str | None = None,
    ) -> list[Rate]:
        """Every service (or only ``service``) that can carry these parcels, cheapest first;
        an empty list when none can."""
        ...

    def create_label(self, shipment: Shipment) -> LabelResult:
        """Buy (or make) the label. Calling again with the same ``shipment.reference`` must not
        buy a second label at carriers that support idempotency keys."""
        ...

    def tracking(self, tracking_number: str) -> TrackingStatus:
        """Where the parcel is; ``NOT_FOUND`` for a number the carrier does not know."""
        ...

    def void(self, tracking_number: str) -> None:
        """Cancel an unused label; voiding one already voided succeeds."""
        ...
