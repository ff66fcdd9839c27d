"""Who ships a location's fulfilments once Saleor holds them for approval.

With Saleor's shop setting ``fulfillmentAutoApprove`` off, every ``orderFulfill`` creates a
fulfilment WAITING_FOR_APPROVAL and ``orderFulfillmentApprove`` ships it. Fulfilment approves
at once, as if Saleor approved automatically, unless a registered keeper says the location
ships its fulfilments itself: the warehouse does for locations with warehouse execution on,
and approves each one when it is packed and labelled. Neither side imports the other: both
sit above the location read model, which owns the seam.
"""

from __future__ import annotations

from collections.abc import Callable

ShipsItself = Callable[[int, int], bool]
"""Called with ``(tenant_id, location_id)``: True when that location approves its own
fulfilments after picking and packing."""

_KEEPERS: list[ShipsItself] = []


def self_shipping_register(keeper: ShipsItself) -> None:
    """Register ``keeper`` (from an AppConfig.ready); registering twice is a no-op."""
    if keeper not in _KEEPERS:
        _KEEPERS.append(keeper)


def ships_itself(*, tenant_id: int, location_id: int) -> bool:
    """Whether a registered keeper ships this location's fulfilments after packing."""
    return any(keeper(tenant_id, location_id) for keeper in list(_KEEPERS))
