"""Tiny adapter: a routing ``Decision`` (and its request) as promising's inputs.

Routing and promising are independent siblings among the foundations, so neither imports the
other: the shapes below are what promising reads of routing's ``Decision`` and
``CandidateLocation``, and routing's frozen dataclasses satisfy them as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol

from .model import CarrierService, LocationProfile, PlannedShipment, PromiseLine, PromiseRequest


class _LineLike(Protocol):
    @property
    def line_id(self) -> str: ...
    @property
    def variant_id(self) -> str: ...
    @property
    def sku(self) -> str: ...
    @property
    def quantity(self) -> int: ...


class _ShipmentLike(Protocol):
    @property
    def location_id(self) -> str: ...
    @property
    def distance_km(self) -> float: ...
    @property
    def lines(self) -> Sequence[_LineLike]: ...


class DecisionLike(Protocol):
    """What promising reads of ``routing.model.Decision``."""

    @property
    def shipments(self) -> Sequence[_ShipmentLike]: ...
    @property
    def backorder(self) -> Sequence[_LineLike]: ...


class CandidateLike(Protocol):
    """What promising reads of ``routing.model.CandidateLocation``."""

    @property
    def location_id(self) -> str: ...
    @property
    def stock(self) -> Mapping[str, int]: ...


def planned_shipments(decision: DecisionLike) -> tuple[PlannedShipment, ...]:
    return tuple(
        PlannedShipment(
            location_id=shipment.location_id,
            lines=tuple(
                PromiseLine(line.line_id, line.variant_id, line.quantity, line.sku)
                for line in shipment.lines
            ),
            distance_km=shipment.distance_km,
        )
        for shipment in decision.shipments
    )


def promise_request_from_decision(
    decision: DecisionLike,
    *,
    candidates: Sequence[CandidateLike],
    locations: Mapping[str, LocationProfile],
    order_time: dt.datetime,
    service: CarrierService | None = None,
) -> PromiseRequest:
    """The request to promise what ``decision`` plans, against the candidates' stock."""
    return PromiseRequest(
        order_time=order_time,
        shipments=planned_shipments(decision),
        locations=locations,
        stock={candidate.location_id: candidate.stock for candidate in candidates},
        service=service,
        backordered_line_ids=tuple(line.line_id for line in decision.backorder),
    )
