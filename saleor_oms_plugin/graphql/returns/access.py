"""Who is asking about an order's returns: a signed-in customer (their own orders only), a
guest (order number + the email it was placed with, and the Saleor it belongs to by the
``Saleor-Api-Url`` header), or staff with MANAGE_ORDERS. An order that is not the caller's is
answered exactly as one that does not exist (None)."""

from __future__ import annotations

from graphql import GraphQLResolveInfo

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.graphql.auth import ViewerKind
from saleor_oms_plugin.graphql.context import viewer_of
from saleor_oms_plugin.graphql.errors import PermissionDenied
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.returns.selectors import order_for_customer
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_get_active_by_api_url


def return_requester(
    info: GraphQLResolveInfo, number: str, email: str
) -> tuple[Tenant, Order | None, Actor, str, str]:
    """The tenant, the order if the caller may return it, and who is asking."""
    viewer = viewer_of(info)
    if viewer.kind is ViewerKind.CUSTOMER and viewer.tenant is not None:
        order = order_for_customer(
            tenant_id=viewer.tenant.pk, number=number, user_id=viewer.user_id, email=viewer.email
        )
        return viewer.tenant, order, viewer.actor(), viewer.user_id, viewer.email
    if viewer.kind is ViewerKind.ANONYMOUS:
        api_url = info.context.request.headers.get("Saleor-Api-Url", "")
        tenant = tenant_get_active_by_api_url(api_url=api_url) if api_url else None
        if tenant is None or not email.strip():
            raise PermissionDenied(["a customer token, or Saleor-Api-Url with the order's email"])
        order = order_for_customer(tenant_id=tenant.pk, number=number, email=email)
        actor = Actor(AuditEvent.ActorType.CUSTOMER, f"guest:{email.strip().lower()}")
        return tenant, order, actor, "", email.strip()
    staff, tenant = require_any(info, [MANAGE_ORDERS])
    order = Order.objects.filter(tenant=tenant, number=number.strip().lstrip("#")).first()
    return tenant, order, staff.actor(), "", email.strip()
