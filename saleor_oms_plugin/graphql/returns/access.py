"""Who is asking about an order's returns: a signed-in customer (their own orders only), a
guest (order number + the email it was placed with, and the Saleor it belongs to by the
``Saleor-Api-Url`` header), or staff with MANAGE_ORDERS. An order that is not the caller's is
answered exactly as one that does not exist (None).

A customer's own orders are those placed by their Saleor user ID, never those matching their
token's email (an unconfirmed account may carry anyone's address). A customer may still name a
guest order by number and email, as a guest would. Guessing numbers and emails is throttled:
after ``GUEST_FAILURES`` misses from one address for one shop within ``GUEST_WINDOW_SECONDS``
every lookup is refused with RATE_LIMITED until the window ends.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.graphql.auth import ViewerKind
from saleor_oms_plugin.graphql.context import viewer_of
from saleor_oms_plugin.graphql.errors import PermissionDenied
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, header_tenant, require_any
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.orders.selectors import order_get
from saleor_oms_plugin.returns.error_codes import ReturnErrorCode
from saleor_oms_plugin.returns.errors import ReturnError
from saleor_oms_plugin.returns.selectors import order_for_customer
from saleor_oms_plugin.tenants.models import Tenant

GUEST_FAILURES = 10
GUEST_WINDOW_SECONDS = 600


def _failures_key(request: HttpRequest, tenant: Tenant) -> str:
    return f"oms:returns:guest-misses:{tenant.pk}:{request.META.get('REMOTE_ADDR', '')}"


def guest_order(request: HttpRequest, tenant: Tenant, number: str, email: str) -> Order | None:
    """The order with ``number`` placed with ``email``, counting misses per address and shop."""
    key = _failures_key(request, tenant)
    if (cache.get(key) or 0) >= GUEST_FAILURES:
        raise ReturnError(
            ReturnErrorCode.RATE_LIMITED,
            "Too many order lookups failed; try again in a few minutes.",
            field="orderNumber",
        )
    order = order_for_customer(tenant_id=tenant.pk, number=number, email=email)
    if order is None:
        cache.add(key, 0, GUEST_WINDOW_SECONDS)  # the window starts with the first miss
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, GUEST_WINDOW_SECONDS)
    return order


def return_requester(
    info: GraphQLResolveInfo, number: str, email: str
) -> tuple[Tenant, Order | None, Actor, str, str]:
    """The tenant, the order if the caller may return it, and who is asking."""
    viewer = viewer_of(info)
    request = info.context.request
    if viewer.kind is ViewerKind.CUSTOMER and viewer.tenant is not None:
        order = order_for_customer(
            tenant_id=viewer.tenant.pk, number=number, user_id=viewer.user_id
        )
        if order is None and email.strip():
            order = guest_order(request, viewer.tenant, number, email)
        return viewer.tenant, order, viewer.actor(), viewer.user_id, viewer.email
    if viewer.kind is ViewerKind.ANONYMOUS:
        tenant = header_tenant(request)
        if tenant is None or not email.strip():
            raise PermissionDenied(["a customer token, or Saleor-Api-Url with the order's email"])
        order = guest_order(request, tenant, number, email)
        actor = Actor(AuditEvent.ActorType.CUSTOMER, f"guest:{email.strip().lower()}")
        return tenant, order, actor, "", email.strip()
    staff, tenant = require_any(info, [MANAGE_ORDERS])
    order = order_get(tenant_id=tenant.pk, number=number)
    return tenant, order, staff.actor(), "", email.strip()
