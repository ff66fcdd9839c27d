"""Log lines as JSON objects, one per line, for log collectors to index.

Each line has ``time`` (UTC, ISO 8601), ``level``, ``logger`` and ``message``, the context set
with :mod:`~saleor_oms_plugin.core.log_context` (request_id, task_id, tenant, delivery_id) and,
for an exception, its ``exception`` text.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from saleor_oms_plugin.core.log_context import log_context_values


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **log_context_values(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class ContextFilter(logging.Filter):
    """For the text format: the context as one ``context`` attribute (`` key=value ...``,
    empty when there is none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        values = log_context_values()
        record.context = "".join(f" {key}={value}" for key, value in values.items())
        return True
