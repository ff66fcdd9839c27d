"""What the checks read and what they answer: plain dataclasses, no ORM.

``gather`` builds an :class:`OrderFacts` from the order read model, the stock ledger and the
customer's recent orders; every check in ``checks/`` is a plain function of it (and of the
tenant's :class:`~saleor_oms_plugin.screening.config.ScreeningSettings`) that returns one
:class:`CheckResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    PASS = "pass"  # nothing to do
    FIX = "fix"  # a problem with a suggested correction (staff accept it, or release)
    HOLD = "hold"  # a problem staff must look at


class CheckName(StrEnum):
    STOCK = "stock"
    ADDRESS = "address"
    PAYMENT = "payment"
    RISK = "risk"
    MARKS = "marks"


@dataclass(frozen=True)
class CheckResult:
    check: CheckName
    outcome: Outcome
    code: str  # a reason code (``STOCK_PARTIAL``), ``OK`` when the check passed
    message: str  # for staff, in the review queue
    suggestion: dict[str, Any] | None = None  # the proposed correction of a FIX
    facts: dict[str, Any] = field(default_factory=dict)  # figures rules and staff see

    def as_json(self) -> dict[str, Any]:
        return {
            "check": str(self.check),
            "outcome": str(self.outcome),
            "code": self.code,
            "message": self.message,
            "suggestion": self.suggestion,
            "facts": self.facts,
        }


@dataclass(frozen=True)
class Address:
    street1: str
    street2: str
    city: str
    postal_code: str
    country_area: str
    country: str  # ISO 3166-1 alpha-2

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> Address | None:
        """From the read model's JSON (Saleor's field names); None for no address."""
        if not data:
            return None
        return cls(
            street1=str(data.get("streetAddress1") or "").strip(),
            street2=str(data.get("streetAddress2") or "").strip(),
            city=str(data.get("city") or "").strip(),
            postal_code=str(data.get("postalCode") or "").strip(),
            country_area=str(data.get("countryArea") or "").strip(),
            country=str(data.get("country") or "").strip().upper(),
        )


@dataclass(frozen=True)
class Substitute:
    variant_id: str
    name: str
    available: int
    tagged: bool  # a merchant-tagged alternative (else another variant of the same product)


@dataclass(frozen=True)
class LineFacts:
    line_id: str
    variant_id: str
    name: str
    needed: int  # units still to ship
    available: int  # units the order's channel can serve it now (its own allocations included)
    substitutes: tuple[Substitute, ...] = ()


@dataclass(frozen=True)
class History:
    """The customer's and the address's other orders (this one excluded)."""

    previous_orders: int  # ever, by the same e-mail or customer
    orders_from_email_in_window: int
    orders_to_address_in_window: int
    unpaid_cancelled_in_window: int  # cancelled without a charge: failed or abandoned payments


@dataclass(frozen=True)
class OrderFacts:
    order_id: int
    number: str
    channel_slug: str
    currency: str
    total_gross: Decimal
    total_charged: Decimal
    charge_status: str  # Saleor's OrderChargeStatusEnum: NONE, PARTIAL, FULL, OVERCHARGED
    authorize_status: str  # OrderAuthorizeStatusEnum: NONE, PARTIAL, FULL
    email: str
    shipping: Address | None
    billing: Address | None
    requires_shipping: bool
    delivery_method_name: str
    metadata: dict[str, str]
    lines: tuple[LineFacts, ...]
    history: History
