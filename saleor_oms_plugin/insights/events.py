"""What the insights domain records: audit verbs of the merchant's currency settings and
report schedules, and of each report sent. None is a rule trigger."""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class InsightsEvent(DomainEvent):
    REPORTING_CURRENCY_SET = "insights.reporting_currency_set"
    EXCHANGE_RATE_SET = "insights.exchange_rate_set"
    EXCHANGE_RATE_DELETED = "insights.exchange_rate_deleted"
    REPORT_SCHEDULE_SAVED = "insights.report_schedule_saved"
    REPORT_SCHEDULE_DELETED = "insights.report_schedule_deleted"
    REPORT_SENT = "insights.report_sent"
