"""What order screening records and publishes: each outcome is an audit verb and a rule
trigger about the order, with its facts (risk score, reasons, currency, channel)."""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class ScreeningEvent(DomainEvent):
    PASSED = "screening.passed"
    HELD = "screening.held"
    RELEASED = "screening.released"
    CANCELLED = "screening.cancelled"
    # Audit only.
    RERUN = "screening.rerun"
    SUBSTITUTE_ACCEPTED = "screening.substitute_accepted"
    ADDRESS_ACCEPTED = "screening.address_accepted"
    CONFIG_UPDATED = "screening_config.updated"


SCREENING_TRIGGERS: dict[ScreeningEvent, str] = {
    ScreeningEvent.PASSED: "The order passed every screening check and goes on to routing.",
    ScreeningEvent.HELD: "A screening check held the order for review (facts: riskScore, "
    "reasons, currency).",
    ScreeningEvent.RELEASED: "Staff released an order screening held.",
    ScreeningEvent.CANCELLED: "Staff decided to cancel an order screening held.",
}
