"""Permission checks by Saleor permission codes, the vocabulary merchants already manage.

A staff member's or Dashboard user's permissions are those Saleor grants them; an API key has
the codes it was created with, which never exceed its creator's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.http import HttpRequest
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.auth import Viewer, ViewerKind
from saleor_oms_plugin.graphql.context import viewer_of
from saleor_oms_plugin.graphql.errors import PermissionDenied
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_get_active_by_api_url

MANAGE_ORDERS = "MANAGE_ORDERS"
MANAGE_PRODUCTS = "MANAGE_PRODUCTS"
MANAGE_SHIPPING = "MANAGE_SHIPPING"
MANAGE_APPS = "MANAGE_APPS"

# Saleor shows warehouses to whoever manages products, orders or shipping; so do we.
LOCATION_READ_PERMISSIONS = (MANAGE_PRODUCTS, MANAGE_ORDERS, MANAGE_SHIPPING)

# Who may change anything: staff, Dashboard users and integrations; never customers.
WRITER_KINDS = (ViewerKind.STAFF, ViewerKind.APP_EXTENSION, ViewerKind.API_KEY)
# Staff themselves (with their own token or in the Dashboard); never an integration's API key.
STAFF_KINDS = (ViewerKind.STAFF, ViewerKind.APP_EXTENSION)


def require_any(
    info: GraphQLResolveInfo,
    permissions: Iterable[str],
    *,
    kinds: Iterable[ViewerKind] | None = None,
) -> tuple[Viewer, Tenant]:
    """The viewer and their tenant when they hold one of ``permissions`` (and are of ``kinds``)."""
    required = list(permissions)
    viewer = viewer_of(info)
    allowed_kind = kinds is None or viewer.kind in set(kinds)
    if viewer.tenant is None or not allowed_kind or not viewer.permissions.intersection(required):
        raise PermissionDenied(required)
    return viewer, viewer.tenant


class Access(Protocol):
    """Who may call a field: checked before its resolver runs, and written into its description."""

    def check(self, info: GraphQLResolveInfo) -> Viewer:
        """The viewer, if they may call it; raises :class:`PermissionDenied` otherwise."""
        ...

    def describe(self) -> str:
        """The sentence the field's description ends with."""
        ...


class Requires:
    """Access for viewers of the tenant holding any of ``permissions``: staff, Dashboard users
    and API keys (never customers), or with ``staff_only`` staff and Dashboard users alone.

    Described as "Requires MANAGE_ORDERS or MANAGE_PRODUCTS." (or "Staff with ..."), the
    permissions in the order given, the order the refusal names them in too.
    """

    def __init__(self, *permissions: str, staff_only: bool = False) -> None:
        if not permissions:
            raise ValueError("Requires needs at least one permission.")
        self.permissions = permissions
        self.staff_only = staff_only

    @property
    def kinds(self) -> tuple[ViewerKind, ...]:
        return STAFF_KINDS if self.staff_only else WRITER_KINDS

    def check(self, info: GraphQLResolveInfo) -> Viewer:
        viewer, _ = require_any(info, self.permissions, kinds=self.kinds)
        return viewer

    def describe(self) -> str:
        *first, last = self.permissions
        listed = f"{', '.join(first)} or {last}" if first else last
        return f"{'Staff with' if self.staff_only else 'Requires'} {listed}."

    def __repr__(self) -> str:
        return f"Requires({', '.join(self.permissions)}, staff_only={self.staff_only})"


class CheckedByResolver:
    """Access the resolver decides itself, because it depends on the input (a customer's own
    order, a guest's order number and email); ``who`` says whom it lets through."""

    def __init__(self, who: str) -> None:
        self.who = who

    def check(self, info: GraphQLResolveInfo) -> Viewer:
        return viewer_of(info)

    def describe(self) -> str:
        return self.who


# Storefront reads: what a shop shows its visitors (availability) needs no credentials, only
# the Saleor it is about.
STOREFRONT_TENANT_HEADER = "Saleor-Api-Url"


def header_tenant(request: HttpRequest) -> Tenant | None:
    """The active installation the ``Saleor-Api-Url`` header names, if any."""
    api_url = request.headers.get(STOREFRONT_TENANT_HEADER, "").strip()
    return tenant_get_active_by_api_url(api_url=api_url) if api_url else None


def storefront_tenant(info: GraphQLResolveInfo) -> Tenant:
    """The tenant a storefront read is about: the caller's own, or for an anonymous caller the
    installation named by the ``Saleor-Api-Url`` header (an active one)."""
    viewer = viewer_of(info)
    if viewer.tenant is not None:
        return viewer.tenant
    tenant = header_tenant(info.context.request)
    if tenant is None:
        raise PermissionDenied([f"a token, an API key or the {STOREFRONT_TENANT_HEADER} header"])
    return tenant


def may_manage_orders(viewer: Viewer) -> bool:
    return viewer.tenant is not None and MANAGE_ORDERS in viewer.permissions


def customer_owns(viewer: Viewer, order: Order) -> bool:
    """A signed-in customer's own order: placed by their Saleor user ID.

    Never by the token's email alone: anyone may sign up with someone else's address (Saleor
    need not confirm it), and would then see that person's guest orders. Guest orders are
    reached with the order number and its email instead (returns' guest flow)."""
    if viewer.kind is not ViewerKind.CUSTOMER or viewer.tenant is None:
        return False
    if order.tenant_id != viewer.tenant.pk:
        return False
    return bool(viewer.user_id) and order.user_id == viewer.user_id
