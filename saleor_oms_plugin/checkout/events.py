"""What the checkout domain records and publishes.

``checkout.abandoned`` is a rule trigger (registered in apps.py) about
``checkout:<Saleor checkout ID>``: published once per checkout, when it expires with lines and
without an order, with the cart's facts (see ``expiry.abandoned_facts``).
"""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class CheckoutEvent(DomainEvent):
    # Audit verbs (the reservation's own verbs record what the ledger did).
    CART_EXPIRED = "cart.expired"
    CART_ORDERED = "cart.ordered"
    # A rule trigger.
    ABANDONED = "checkout.abandoned"
