"""What the returns domain records and publishes.

Every move of a return is recorded and published as a rule trigger about its order,
``return.<status>`` (``ReturnEvent(f"return.{status}")``); recording it in Saleor adds the
``return.saleor_*`` and resolution verbs, which are audit only.
"""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class ReturnEvent(DomainEvent):
    # return.<ReturnRequest.Status>: audit verbs and rule triggers
    REQUESTED = "return.requested"
    APPROVED = "return.approved"
    REJECTED = "return.rejected"
    IN_TRANSIT = "return.in_transit"
    RECEIVED = "return.received"
    INSPECTED = "return.inspected"
    COMPLETED = "return.completed"
    CANCELLED = "return.cancelled"
    # Recording the return in Saleor.
    COMPLETION_REQUESTED = "return.completion_requested"
    SALEOR_RECORDED = "return.saleor_recorded"
    REFUND_GRANTED = "return.refund_granted"
    REFUND_REQUESTED = "return.refund_requested"
    EXCHANGE_DRAFTED = "return.exchange_drafted"
    STORE_CREDIT_ISSUED = "return.store_credit_issued"
    SALEOR_SYNCED = "return.saleor_synced"
    SALEOR_FAILED = "return.saleor_failed"
    SALEOR_RETRIED = "return.saleor_retried"
    POLICY_CREATED = "return_policy.created"
    POLICY_UPDATED = "return_policy.updated"


# The rule triggers (about the return's order) with what the rule editor says of each; those
# without one are described from their name ("Return rejected.").
RETURN_TRIGGERS: dict[ReturnEvent, str] = {
    ReturnEvent.REQUESTED: "A return of the order was requested.",
    ReturnEvent.APPROVED: "A return of the order was approved.",
    ReturnEvent.RECEIVED: "A return of the order arrived at a location.",
    ReturnEvent.REJECTED: "",
    ReturnEvent.IN_TRANSIT: "",
    ReturnEvent.INSPECTED: "",
    ReturnEvent.COMPLETED: "",
    ReturnEvent.CANCELLED: "",
}
