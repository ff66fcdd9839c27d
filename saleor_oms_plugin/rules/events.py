"""What the rules domain records, and the stock triggers it knows itself.

The stock triggers are about ``stock:<sku>@<warehouse>``: Saleor's out-of-stock event maps
onto ``StockTrigger.OUT`` and its back-in-stock event closes the windows of both (see
handlers.py); the replenishment domain publishes them when a stock alert opens.
"""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class RuleEvent(DomainEvent):
    RULE_CREATED = "rule.created"
    RULE_UPDATED = "rule.updated"
    RULE_DELETED = "rule.deleted"
    RULE_FIRED = "rule.fired"
    ACTION_SUCCEEDED = "rule.action_succeeded"
    ACTION_FAILED = "rule.action_failed"
    TASK_ASSIGNED = "task.assigned"
    TASK_COMPLETED = "task.completed"
    FLAG_CLEARED = "flag.cleared"
    WEBHOOK_ENDPOINT_CREATED = "webhook_endpoint.created"
    WEBHOOK_REDELIVERED = "webhook.redelivered"


class StockTrigger(DomainEvent):
    LOW = "stock.low"
    OUT = "stock.out"
