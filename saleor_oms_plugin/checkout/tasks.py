"""Checkout tasks: beat's sweep of expired carts."""

from __future__ import annotations

from celery import shared_task

from saleor_oms_plugin.checkout.expiry import carts_expire


@shared_task(acks_late=True)
def checkout_expire_carts() -> int:
    """Beat: release the holds of carts whose time ran out and announce them abandoned."""
    return carts_expire()
