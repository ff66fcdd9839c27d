"""Sending one queued delivery: signed POST, retry verdict, dead letters and redelivery.

2xx delivers. A 4xx other than 408/429 is final: the delivery is dead at once. Anything else
(5xx, 408, 429, no answer) is retried with exponential backoff until the tenant's attempt
limit (the tenant's ``availability.max_attempts`` setting, default 5), then dead. A dead
delivery forgets the values it carried, so the next change or sweep sends the current ones;
staff can still redeliver the dead letter itself (same delivery id and sequence).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.availability.error_codes import AvailabilityErrorCode as Code
from saleor_oms_plugin.availability.errors import AvailabilityError
from saleor_oms_plugin.availability.events import AvailabilityEvent
from saleor_oms_plugin.availability.locks import lock_delivery, lock_delivery_to_send
from saleor_oms_plugin.availability.models import AvailabilityDelivery, AvailabilityValue
from saleor_oms_plugin.availability.push import EVENT
from saleor_oms_plugin.availability.scheduling import delivery_send_after_commit
from saleor_oms_plugin.core.crypto import decrypt_secret
from saleor_oms_plugin.core.signing import body_bytes, signed_post
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_settings_get

State = AvailabilityDelivery.State
# Longer than an attempt can take (connect + read timeouts of core.signing).
LEASE = timedelta(seconds=60)


class Verdict(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"
    DEAD = "dead"
    SKIPPED = "skipped"  # not pending (delivered or dead already, or gone)


def max_attempts(tenant: Tenant) -> int:
    """The tenant's attempt limit (its ``availability.max_attempts`` setting, capped)."""
    return tenant_settings_get(tenant=tenant).availability.max_attempts


def delivery_attempt(*, delivery_pk: int) -> Verdict:
    """One POST of a pending delivery.

    The delivery is leased in a short transaction, POSTed with no transaction open, and the
    outcome recorded in another; a concurrent attempt finds it leased and steps aside.
    """
    now = timezone.now()
    with transaction.atomic():
        delivery = lock_delivery_to_send(delivery_pk, now)
        if delivery is None:
            return Verdict.SKIPPED
        if not (delivery.subscription.is_active and delivery.tenant.is_active):
            # Switched off after it was queued: never sent; what it carried is forgotten, so a
            # reactivated subscription is sent the then-current values.
            _abandon(delivery, now)
            return Verdict.DEAD
        delivery.attempts += 1
        delivery.leased_until = now + LEASE
        delivery.save(update_fields=["attempts", "leased_until", "updated_at"])
    subscription = delivery.subscription
    result = signed_post(
        url=subscription.url,
        secret=decrypt_secret(subscription.secret_encrypted),
        body=body_bytes(delivery.payload),
        event=EVENT,
        delivery_id=delivery.delivery_id,
    )
    if result.delivered:
        verdict, state = Verdict.DELIVERED, State.DELIVERED
    elif result.final or delivery.attempts >= max_attempts(delivery.tenant):
        verdict, state = Verdict.DEAD, State.DEAD
    else:
        verdict, state = Verdict.RETRY, State.PENDING
    with transaction.atomic():
        AvailabilityDelivery.objects.filter(pk=delivery.pk).update(
            state=state,
            last_status=result.status,
            last_error=result.error,
            leased_until=None,
            finished_at=None if state == State.PENDING else timezone.now(),
            updated_at=timezone.now(),
        )
        if state == State.DEAD:
            # What it carried is unknown to the receiver: send the then-current values anew.
            AvailabilityValue.objects.filter(delivery=delivery).update(value=None)
            audit_record(
                tenant_id=delivery.tenant_id,
                subject=delivery,
                verb=AvailabilityEvent.DEAD_LETTERED,
                actor=Actor.system(),
                data={
                    "delivery": delivery.delivery_id,
                    "attempts": delivery.attempts,
                    "error": result.error,
                },
            )
    return verdict


def _abandon(delivery: AvailabilityDelivery, now: datetime) -> None:
    inactive = "tenant" if not delivery.tenant.is_active else "subscription"
    AvailabilityDelivery.objects.filter(pk=delivery.pk).update(
        state=State.DEAD,
        last_status=None,
        last_error=f"{inactive} inactive",
        leased_until=None,
        finished_at=now,
        updated_at=now,
    )
    AvailabilityValue.objects.filter(delivery=delivery).update(value=None)


def delivery_redeliver(*, tenant_id: int, pk: int, actor: Actor) -> AvailabilityDelivery:
    """Take a dead letter out of the dead letters and send it again, after commit."""
    with transaction.atomic():
        delivery = lock_delivery(tenant_id, pk)
        if delivery is None:
            raise AvailabilityError(Code.DELIVERY_NOT_FOUND, "No such delivery.", field="id")
        if delivery.state != State.DEAD:
            raise AvailabilityError(
                Code.NOT_DEAD, "Only a dead delivery can be redelivered.", field="id"
            )
        delivery.state, delivery.attempts, delivery.finished_at = State.PENDING, 0, None
        delivery.leased_until = None
        delivery.save(
            update_fields=["state", "attempts", "finished_at", "leased_until", "updated_at"]
        )
        audit_record(
            tenant_id=tenant_id,
            subject=delivery,
            verb=AvailabilityEvent.REDELIVERED,
            actor=actor,
            data={"delivery": delivery.delivery_id},
        )
        delivery_send_after_commit(delivery_pk=pk)
    return delivery
