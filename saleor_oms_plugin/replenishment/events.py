"""What the replenishment domain records and publishes.

Opening a stock alert publishes a rule trigger about ``stock:<sku>@<location name>``: the
rules domain's own ``StockTrigger.LOW`` and ``StockTrigger.OUT`` (Saleor's out-of-stock event
maps onto the latter too), and this domain's ``RUN_OUT_RISK``.
"""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class ReplenishmentEvent(DomainEvent):
    SETTING_CREATED = "replenishment_setting.created"
    SETTING_UPDATED = "replenishment_setting.updated"
    SETTING_DELETED = "replenishment_setting.deleted"
    ALERT_OPENED = "stock_alert.opened"
    ALERT_ACKNOWLEDGED = "stock_alert.acknowledged"
    ALERT_RESOLVED = "stock_alert.resolved"
    # A rule trigger (registered by this domain).
    RUN_OUT_RISK = "stock.run_out_risk"
