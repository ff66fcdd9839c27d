"""Permission checks by Saleor permission codes, the vocabulary merchants already manage.

A staff member's or Dashboard user's permissions are those Saleor grants them; an API key has
the codes it was created with, which never exceed its creator's.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.auth import Viewer, ViewerKind
from saleor_oms_plugin.graphql.context import viewer_of
from saleor_oms_plugin.graphql.errors import PermissionDenied
from saleor_oms_plugin.tenants.models import Tenant

MANAGE_ORDERS = "MANAGE_ORDERS"
MANAGE_PRODUCTS = "MANAGE_PRODUCTS"
MANAGE_SHIPPING = "MANAGE_SHIPPING"
MANAGE_APPS = "MANAGE_APPS"

# Saleor shows warehouses to whoever manages products, orders or shipping; so do we.
LOCATION_READ_PERMISSIONS = (MANAGE_PRODUCTS, MANAGE_ORDERS, MANAGE_SHIPPING)


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
