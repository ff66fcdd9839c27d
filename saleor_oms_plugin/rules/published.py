"""What the rules do with the events other domains publish (``core.events.publish``).

An event the rules know as a trigger, while the tenant has an enabled rule for it, is stored in
the publisher's transaction and evaluated once that commits (``pending.py``): about an order
with the facts the publisher passed as the event's data (``event.<key>``), about another
subject with its facts. A repeated event fires nothing twice. An ended event closes the subject's ``refire: reentry``
windows at once, in the publisher's transaction, so they close exactly when its state ends.
"""

from __future__ import annotations

from saleor_oms_plugin.core.events import Published
from saleor_oms_plugin.rules.engine import subject_windows_close
from saleor_oms_plugin.rules.pending import evaluation_request
from saleor_oms_plugin.rules.selectors import rules_enabled_for
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
    if not rules_enabled_for(tenant_id=tenant_id, trigger=trigger):
        return
    evaluation_request(
        tenant_id=tenant_id,
        trigger=trigger,
        order_id=published.order_id,
        subject_key=subject_key,
        facts=published.facts,
    )
