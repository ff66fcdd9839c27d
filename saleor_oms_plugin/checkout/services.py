"""Keeping carts current from Saleor's checkout events and orders, each in one transaction.

Events are applied in any order and any number of times: a cart takes only a checkout newer
than the one it holds (Saleor's ``updatedAt``), and once its order arrived it takes nothing
more (an order may arrive before the checkout's last events, or before any of them: the cart
is then created already ORDERED, and the late events find it so).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.checkout.events import CheckoutEvent
from saleor_oms_plugin.checkout.holds import hold_convert, hold_release, hold_replace
from saleor_oms_plugin.checkout.locks import lock_cart
from saleor_oms_plugin.checkout.models import Cart
from saleor_oms_plugin.checkout.payloads import CheckoutSnapshot, PlacedOrder
from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_settings_get

State = Cart.State
ZERO = Decimal(0)


def cart_apply(*, tenant: Tenant, checkout: CheckoutSnapshot) -> ApplyOutcome:
    """Bring the tenant's cart up to ``checkout``: facts, expiry and (if the tenant holds
    carts) the stock it holds."""
    now = timezone.now()
    settings = tenant_settings_get(tenant=tenant).checkout
    with transaction.atomic():
        cart, created = lock_cart(
            tenant.pk, checkout.checkout_id, create={"created_at": now, "updated_at": now}
        )
        if cart.state == State.ORDERED:
            return ApplyOutcome.STALE
        if cart.saleor_updated_at is not None and checkout.updated_at <= cart.saleor_updated_at:
            return ApplyOutcome.STALE  # a duplicate, or older than what the cart knows
        cart.token = checkout.token
        cart.channel_slug = checkout.channel_slug
        cart.email, cart.user_id = checkout.email, checkout.user_id
        cart.currency, cart.total_gross = checkout.currency, max(checkout.total_gross, ZERO)
        cart.lines = [line.as_json() for line in checkout.lines]
        cart.saleor_created_at = checkout.created_at
        cart.saleor_updated_at = checkout.updated_at
        cart.expires_at = checkout.updated_at + timedelta(minutes=settings.cart_ttl_minutes)
        cart.state, cart.updated_at = State.ACTIVE, now
        if cart.expires_at <= now:
            # Already past its time (a late delivery): nothing to hold; the sweep expires it.
            hold_release(cart, reason="checkout expired")
        elif settings.hold_carts:
            hold_replace(cart, checkout.wanted())
        else:
            hold_release(cart, reason="carts are not held")
        cart.save()
    return ApplyOutcome.CREATED if created else ApplyOutcome.UPDATED


def cart_order_placed(*, tenant_id: int, placed: PlacedOrder) -> ApplyOutcome:
    """The checkout became an order: its hold is converted and the cart is final."""
    now = timezone.now()
    with transaction.atomic():
        cart, created = lock_cart(
            tenant_id,
            placed.checkout_id,
            create={"state": State.ORDERED, "created_at": now, "updated_at": now},
        )
        if not created and cart.state == State.ORDERED:
            return ApplyOutcome.STALE
        converted = hold_convert(cart, order_saleor_id=placed.order_id)
        cart.state, cart.order_saleor_id = State.ORDERED, placed.order_id
        cart.expires_at, cart.updated_at = None, now
        cart.save()
        audit_record(
            tenant_id=tenant_id,
            subject=cart,
            verb=CheckoutEvent.CART_ORDERED,
            actor=Actor.saleor(),
            data={"order": placed.order_id, "hold_converted": converted},
        )
    return ApplyOutcome.CREATED if created else ApplyOutcome.UPDATED
