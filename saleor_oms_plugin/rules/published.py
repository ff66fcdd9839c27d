"""What the rules do with the events other domains publish (``core.events.publish``).

An event the rules know as a trigger is evaluated after the publisher's transaction commits:
about an order always (a redelivery fires nothing twice), with the facts the publisher passed as
the event's data (``event.<key>``), about another subject only while the
tenant has an enabled rule for it. An ended event closes the subject's ``refire: reentry``
windows at once, in the publisher's transaction, so they close exactly when its state ends.
"""

from __future__ import annotations

from saleor_oms_plugin.core.events import Published
from saleor_oms_plugin.rules.engine import subject_windows_close
from saleor_oms_plugin.rules.models import Rule
from saleor_oms_plugin.rules.scheduling import (
    event_rules_evaluate_after_commit,
    subject_rules_evaluate_after_commit,
)
from saleor_oms_plugin.rules.triggers import trigger_subject


def on_published(published: Published) -> None:
    """The listener the rules register (see apps.py)."""
    trigger = published.event.value
    if trigger_subject(trigger) is None:
        return
    tenant_id, subject_key = published.tenant_id, published.subject_key
    if published.ended:
        subject_windows_close(tenant_id=tenant_id, trigger=trigger, subject_key=subject_key)
        return
    if published.order_id is not None:
        event_rules_evaluate_after_commit(
            tenant_id=tenant_id,
            trigger=trigger,
            order_id=published.order_id,
            event_data=published.facts,
        )
    elif Rule.objects.filter(tenant_id=tenant_id, trigger=trigger, enabled=True).exists():
        subject_rules_evaluate_after_commit(
            tenant_id=tenant_id, trigger=trigger, subject_key=subject_key, facts=published.facts
        )
