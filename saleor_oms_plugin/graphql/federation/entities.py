"""``_entities``: the gateway hands us Saleor keys, we answer with what the OMS adds.

Every representation resolves inside the viewer's tenant (for anonymous storefront callers: the
tenant named by ``Saleor-Api-Url``). An order is returned to staff holding MANAGE_ORDERS and to
the customer it belongs to; a variant to anyone who may read that tenant's storefront data and
only when the tenant stocks it. Anything else, an ID of another tenant included, is null, as if
it did not exist. All representations of one call cost one query per type.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.context import viewer_of
from saleor_oms_plugin.graphql.core.budget import spend_entities
from saleor_oms_plugin.graphql.core.selection import selected_fields
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode, PermissionDenied
from saleor_oms_plugin.graphql.federation.availability import variant_stock_loader
from saleor_oms_plugin.graphql.federation.types import OrderEntity, VariantEntity
from saleor_oms_plugin.graphql.orders.loaders import order_prefetches, prime_orders
from saleor_oms_plugin.graphql.permissions import (
    customer_owns,
    may_manage_orders,
    storefront_tenant,
)
from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.tenants.models import Tenant

ORDER = "Order"
PRODUCT_VARIANT = "ProductVariant"


def _invalid(message: str) -> OmsGraphQLError:
    return OmsGraphQLError(OmsGraphQLErrorCode.INVALID_ARGUMENTS, message)


def _key(representation: Any, field: str, *, required: bool = True) -> str | None:
    value = representation.get(field)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise _invalid(f"A {representation.get('__typename')} representation needs {field}.")
    return value


def _checked(representations: list[Any]) -> list[tuple[str, dict[str, Any]]]:
    limit: int = settings.GRAPHQL_MAX_ENTITIES
    if len(representations) > limit:
        raise _invalid(f"At most {limit} representations per request.")
    checked = []
    for representation in representations:
        if not isinstance(representation, dict):
            raise _invalid("A representation must be an object with __typename.")
        typename = representation.get("__typename")
        if typename not in (ORDER, PRODUCT_VARIANT):
            raise _invalid(f"This subgraph resolves Order and ProductVariant, not {typename!r}.")
        checked.append((typename, representation))
    return checked


def _orders(info: GraphQLResolveInfo, saleor_ids: list[str]) -> dict[str, OrderEntity]:
    viewer = viewer_of(info)
    if viewer.tenant is None or not saleor_ids:
        return {}
    found = Order.objects.filter(tenant_id=viewer.tenant.pk, saleor_id__in=saleor_ids)
    orders = list(found.prefetch_related(*order_prefetches(info, "oms", "order")))
    staff = may_manage_orders(viewer)
    visible = [order for order in orders if staff or customer_owns(viewer, order)]
    prime_orders(info, visible, return_lines="lines" in selected_fields(info, "oms", "returns"))
    return {order.saleor_id: OrderEntity(order.saleor_id, order, viewer) for order in visible}


def _stocked_variants(
    info: GraphQLResolveInfo, variant_ids: list[str]
) -> tuple[Tenant | None, set[str]]:
    """The storefront tenant and which of ``variant_ids`` it stocks (none without a tenant)."""
    if not variant_ids:
        return None, set()
    try:
        tenant = storefront_tenant(info)
    except PermissionDenied:
        return None, set()
    stocked = (
        StockLevel.objects.filter(tenant_id=tenant.pk, variant_id__in=variant_ids)
        .values_list("variant_id", flat=True)
        .distinct()
    )
    return tenant, set(stocked)


def resolve_entities(info: GraphQLResolveInfo, representations: list[Any]) -> list[Any]:
    checked = _checked(representations)
    spend_entities(info, len(checked))
    order_ids = [_key(rep, "id") for typename, rep in checked if typename == ORDER]
    variant_keys = [
        (_key(rep, "id"), _key(rep, "channel", required=False))
        for typename, rep in checked
        if typename == PRODUCT_VARIANT
    ]
    orders = _orders(info, [oid for oid in order_ids if oid])
    tenant, stocked = _stocked_variants(info, [vid for vid, _ in variant_keys if vid])
    if tenant is not None:  # every variant's availability in one batch
        variant_stock_loader(info, tenant).prime(
            (vid, channel) for vid, channel in variant_keys if vid and channel
        )
    entities: list[Any] = []
    for typename, rep in checked:
        if typename == ORDER:
            entities.append(orders.get(rep["id"]))
        elif tenant is not None and rep["id"] in stocked:
            entities.append(VariantEntity(rep["id"], rep.get("channel"), tenant))
        else:
            entities.append(None)
    return entities
