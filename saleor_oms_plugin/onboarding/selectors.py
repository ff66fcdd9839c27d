"""The onboarding checklist: what still keeps the OMS from working in this store.

Each check reads the state it is about, so an item closes by itself once the store is fixed
(there is nothing to tick). Reads only; a handful of queries whatever the store's size.
"""

from __future__ import annotations

from django.db.models import Q

from saleor_oms_plugin.fulfilment.models import RoutingRuleSet
from saleor_oms_plugin.inventory.models import Channel
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.onboarding.imports import onboarding_import_items
from saleor_oms_plugin.onboarding.items import ChecklistItem, ChecklistItemCode
from saleor_oms_plugin.orders.models import Fulfillment
from saleor_oms_plugin.returns.models import ReturnPolicy
from saleor_oms_plugin.tenants.manifest import PERMISSIONS
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_granted_permissions, tenant_settings_get
from saleor_oms_plugin.warehouse.models import LocationExecution, Release

Code = ChecklistItemCode
# Names shown in a detail before "and N more".
_NAMED = 5


def onboarding_checklist(*, tenant: Tenant) -> list[ChecklistItem]:
    """Every check, in the order a merchant would work through them."""
    channels = _saleor_channels(tenant)
    return [
        _permissions_item(tenant),
        _coordinates_item(tenant),
        _trigger_item(tenant),
        _routing_rules_item(tenant, channels),
        _return_policies_item(tenant, channels),
        *_warehouse_approval_items(tenant),
        *onboarding_import_items(tenant=tenant),
    ]


def _names(values: list[str]) -> str:
    shown = ", ".join(values[:_NAMED])
    return shown + (f" and {len(values) - _NAMED} more" if len(values) > _NAMED else "")


def _item(code: Code, title: str, link: str, missing: str = "") -> ChecklistItem:
    return ChecklistItem(code=code, done=not missing, title=title, detail=missing, link=link)


def _permissions_item(tenant: Tenant) -> ChecklistItem:
    granted = tenant_granted_permissions(tenant=tenant)
    # Unknown for installations made before the app recorded them: nothing to claim.
    lacking = [code for code in PERMISSIONS if granted is not None and code not in granted]
    return _item(
        Code.APP_PERMISSIONS,
        "The app holds every permission it asks for",
        "/settings#installation",
        (
            f"Saleor did not grant {_names(lacking)}: features that need them fail until the "
            "app is reinstalled with them (Saleor Dashboard > Apps)."
        )
        if lacking
        else "",
    )


def _coordinates_item(tenant: Tenant) -> ChecklistItem:
    names = list(
        Location.objects.filter(tenant_id=tenant.pk, is_deleted=False)
        .filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))
        .order_by("name", "pk")
        .values_list("name", flat=True)
    )
    return _item(
        Code.LOCATION_COORDINATES,
        "Every location has coordinates",
        "/locations",
        (
            f"{len(names)} without coordinates ({_names(names)}): routing cannot tell how far "
            "they are from a customer."
        )
        if names
        else "",
    )


def _trigger_item(tenant: Tenant) -> ChecklistItem:
    manual = tenant_settings_get(tenant=tenant).routing.trigger == "manual"
    return _item(
        Code.ROUTING_TRIGGER,
        "Orders are routed automatically",
        "/settings#routing",
        "Routing is manual: orders wait until staff route them. Pick a trigger." if manual else "",
    )


def _saleor_channels(tenant: Tenant) -> list[str]:
    """Slugs of the tenant's Saleor channels: outside channels (marketplaces) take no Saleor
    orders, so neither routing nor returns apply to them."""
    return list(
        Channel.objects.filter(tenant_id=tenant.pk)
        .exclude(saleor_id="")
        .order_by("slug")
        .values_list("slug", flat=True)
    )


def _uncovered(channels: list[str], covered: set[str | None]) -> list[str]:
    """Channels with nothing of their own, when no default (channel None or "") covers them."""
    covered = {channel or None for channel in covered}
    return [] if None in covered else [slug for slug in channels if slug not in covered]


def _routing_rules_item(tenant: Tenant, channels: list[str]) -> ChecklistItem:
    published = set(
        RoutingRuleSet.objects.filter(
            tenant_id=tenant.pk, state=RoutingRuleSet.State.PUBLISHED
        ).values_list("channel", flat=True)
    )
    missing = _uncovered(channels, published)
    return _item(
        Code.ROUTING_RULES,
        "Every channel has published routing rules",
        "/routing",
        (
            f"{_names(missing)} route with the built-in rules (fewest parcels, nearest "
            "location): publish a rule set for them or a default one."
        )
        if missing
        else "",
    )


def _return_policies_item(tenant: Tenant, channels: list[str]) -> ChecklistItem:
    policies = set(
        ReturnPolicy.objects.filter(tenant_id=tenant.pk).values_list("channel", flat=True)
    )
    missing = _uncovered(channels, policies)
    return _item(
        Code.RETURN_POLICIES,
        "Every channel has a return policy",
        "/settings#returns",
        (
            f"Returns are refused in {_names(missing)}: set a return policy for them or a "
            "default one."
        )
        if missing
        else "",
    )


# Released shipments the warehouse has yet to ship (or cancel).
_UNSHIPPED = (
    Release.State.RELEASED,
    Release.State.PICKING,
    Release.State.PICKED,
    Release.State.PACKED,
)


def _warehouse_approval_items(tenant: Tenant) -> list[ChecklistItem]:
    """Only with warehouse execution on somewhere: Saleor must hold those locations'
    fulfilments for approval (docs/WAREHOUSE.md). Open once Saleor shipped a released shipment
    before the warehouse did: its shop setting still approves fulfilments automatically."""
    names = list(
        LocationExecution.objects.filter(tenant_id=tenant.pk, enabled=True)
        .order_by("location__name")
        .values_list("location__name", flat=True)
    )
    if not names:
        return []
    shipped_by_saleor = Fulfillment.objects.filter(
        order__tenant_id=tenant.pk,
        status="FULFILLED",
        saleor_id__in=Release.objects.filter(tenant_id=tenant.pk, state__in=_UNSHIPPED).values(
            "saleor_fulfillment_id"
        ),
    ).count()
    return [
        _item(
            Code.WAREHOUSE_APPROVAL,
            "Saleor leaves the shipments of warehouse locations to the warehouse",
            "/warehouse/settings",
            (
                f"Saleor shipped {shipped_by_saleor} shipment(s) of {_names(names)} before "
                'they were picked: switch off "Automatically approve all new fulfillments" '
                "(Saleor Dashboard > Configuration > Site settings)."
            )
            if shipped_by_saleor
            else "",
        )
    ]
