"""Beat: carts whose time ran out give their stock back and are announced as abandoned.

Each due cart is expired in its own transaction, with the cart locked and its expiry checked
again (an event may have extended it meanwhile). ``checkout.abandoned`` is published once per
checkout, and only for a cart with lines: an emptied checkout is not an abandoned sale.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.checkout.events import CheckoutEvent
from saleor_oms_plugin.checkout.holds import hold_release
from saleor_oms_plugin.checkout.locks import lock_cart_by_pk
from saleor_oms_plugin.checkout.models import Cart
from saleor_oms_plugin.core.events import publish

State = Cart.State


def subject_key(cart: Cart) -> str:
    return f"checkout:{cart.checkout_id}"


def abandoned_facts(cart: Cart, *, now: datetime) -> dict[str, Any]:
    """The facts of ``checkout.abandoned`` (JSON): the names rule conditions use, and the
    cart's lines for actions (a webhook's payload, an email)."""
    lines = [dict(line) for line in cart.lines]
    started = cart.saleor_created_at or cart.created_at
    return {
        "checkout_id": cart.checkout_id,
        "token": cart.token,
        "channel": cart.channel_slug,
        "customer_email": cart.email.lower(),
        "customer_email_domain": cart.email.rpartition("@")[2].lower() if "@" in cart.email else "",
        "user_id": cart.user_id,
        "currency": cart.currency,
        "total_gross": str(cart.total_gross),
        "line_count": len(lines),
        "item_quantity": sum(int(line["quantity"]) for line in lines),
        "skus": sorted({line["sku"] for line in lines if line.get("sku")}),
        "lines": lines,
        "age_minutes": max(0, int((now - started).total_seconds() // 60)),
        "created_at": started.isoformat(),
        "last_change_at": cart.saleor_updated_at.isoformat() if cart.saleor_updated_at else None,
    }


def cart_expire(*, tenant_id: int, cart_id: int, now: datetime | None = None) -> bool:
    """Expire one cart if it is still due; whether it was."""
    now = now or timezone.now()
    with transaction.atomic():
        cart = lock_cart_by_pk(tenant_id, cart_id)
        if cart is None or cart.state != State.ACTIVE:
            return False
        if cart.expires_at is None or cart.expires_at > now:
            return False
        released = hold_release(cart, reason="checkout expired")
        announce = bool(cart.lines) and cart.abandoned_at is None
        cart.state, cart.updated_at = State.EXPIRED, now
        if announce:
            cart.abandoned_at = now
        cart.save()
        audit_record(
            tenant_id=tenant_id,
            subject=cart,
            verb=CheckoutEvent.CART_EXPIRED,
            actor=Actor.system(),
            data={"hold_released": released, "abandoned": announce},
        )
        if announce:
            publish(
                tenant_id=tenant_id,
                event=CheckoutEvent.ABANDONED,
                subject_key=subject_key(cart),
                facts=abandoned_facts(cart, now=now),
            )
    return True


def carts_expire(*, now: datetime | None = None, limit: int = 500) -> int:
    """Beat: expire the carts whose time ran out, oldest first. Returns how many expired."""
    now = now or timezone.now()
    due = list(
        Cart.objects.filter(state=State.ACTIVE, expires_at__lte=now)
        .order_by("expires_at", "pk")
        .values_list("tenant_id", "pk")[:limit]
    )
    return sum(cart_expire(tenant_id=tenant_id, cart_id=pk, now=now) for tenant_id, pk in due)
