"""When the rules sweep sends a lost task again.

Stored evaluations and action runs carry ``resend_at``: the moment their task is overdue. Each
time the sweep sends one again the wait doubles (``RULES_RESEND_AFTER_SECONDS``, then twice
that…, at most an hour), so a long queue of tasks that are merely late is not flooded with
copies of them; a copy that does arrive finds the work done and does nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from saleor_oms_plugin.core.retry import doubled_wait

LONGEST_WAIT = timedelta(hours=1)


def resend_delay(sends: int) -> timedelta:
    """How long a task sent ``sends`` times may take before it is sent again."""
    return doubled_wait(settings.RULES_RESEND_AFTER_SECONDS, sends - 1, longest=LONGEST_WAIT)
