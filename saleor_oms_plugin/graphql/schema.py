"""The schema: each domain contributes a ``<Domain>Queries`` / ``<Domain>Mutations`` mixin.

A new domain adds its mixins here and its node types to ``types`` (types reachable only
through ``node`` would otherwise be missing from the schema).
"""

from __future__ import annotations

import graphene

from saleor_oms_plugin.graphql.availability.mutations import AvailabilityMutations
from saleor_oms_plugin.graphql.availability.queries import AvailabilityQueries
from saleor_oms_plugin.graphql.availability.types import (
    OmsAvailabilityDelivery,
    OmsAvailabilitySubscription,
)
from saleor_oms_plugin.graphql.capture.mutations import CaptureMutations
from saleor_oms_plugin.graphql.capture.queries import CaptureQueries
from saleor_oms_plugin.graphql.capture.types import OmsCapturedOrder, OmsCaptureSource
from saleor_oms_plugin.graphql.checkout.queries import CheckoutQueries
from saleor_oms_plugin.graphql.checkout.types import OmsCart
from saleor_oms_plugin.graphql.core.location_scope import location_scope_guard
from saleor_oms_plugin.graphql.core.relay import Node
from saleor_oms_plugin.graphql.delivery.mutations import DeliveryMutations
from saleor_oms_plugin.graphql.delivery.queries import DeliveryQueries
from saleor_oms_plugin.graphql.federation.queries import FederationQueries
from saleor_oms_plugin.graphql.federation.storefront import StorefrontQueries
from saleor_oms_plugin.graphql.fulfilment.mutations import FulfilmentMutations
from saleor_oms_plugin.graphql.fulfilment.queries import FulfilmentQueries
from saleor_oms_plugin.graphql.fulfilment.types import (
    OmsPlanShipment,
    OmsRoutingPlan,
    OmsRoutingRuleSet,
)
from saleor_oms_plugin.graphql.insights.mutations import InsightsMutations
from saleor_oms_plugin.graphql.insights.queries import InsightsQueries
from saleor_oms_plugin.graphql.insights.reading import InsightsReadingQueries
from saleor_oms_plugin.graphql.inventory.feeds import OmsStockFeedRun, OmsStockFeedSource
from saleor_oms_plugin.graphql.inventory.mutations import InventoryMutations
from saleor_oms_plugin.graphql.inventory.queries import InventoryQueries
from saleor_oms_plugin.graphql.inventory.transfers import OmsTransfer
from saleor_oms_plugin.graphql.inventory.types import (
    OmsReservation,
    OmsStockLevel,
    OmsStockMovement,
)
from saleor_oms_plugin.graphql.locations.mutations import LocationMutations
from saleor_oms_plugin.graphql.locations.queries import LocationQueries
from saleor_oms_plugin.graphql.locations.types import OmsLocation
from saleor_oms_plugin.graphql.onboarding.queries import OnboardingQueries
from saleor_oms_plugin.graphql.orders.queries import OrderQueries
from saleor_oms_plugin.graphql.orders.types import OmsOrder
from saleor_oms_plugin.graphql.purchasing.mutations import PurchasingMutations
from saleor_oms_plugin.graphql.purchasing.queries import PurchasingQueries
from saleor_oms_plugin.graphql.purchasing.types import OmsPurchaseOrder, OmsSupplier
from saleor_oms_plugin.graphql.replenishment.mutations import ReplenishmentMutations
from saleor_oms_plugin.graphql.replenishment.queries import ReplenishmentQueries
from saleor_oms_plugin.graphql.replenishment.types import (
    OmsReplenishmentSetting,
    OmsStockAlert,
)
from saleor_oms_plugin.graphql.returns.mutations import ReturnMutations
from saleor_oms_plugin.graphql.returns.queries import ReturnQueries
from saleor_oms_plugin.graphql.returns.types import OmsReturnRequest
from saleor_oms_plugin.graphql.rules.mutations import RuleMutations
from saleor_oms_plugin.graphql.rules.queries import RuleQueries
from saleor_oms_plugin.graphql.rules.types import OmsRule, OmsRuleFiring, OmsStaffTask
from saleor_oms_plugin.graphql.screening.mutations import ScreeningMutations
from saleor_oms_plugin.graphql.screening.queries import ScreeningQueries
from saleor_oms_plugin.graphql.screening.types import OmsScreeningResult
from saleor_oms_plugin.graphql.tenants.mutations import ApiKeyMutations
from saleor_oms_plugin.graphql.tenants.queries import TenantQueries
from saleor_oms_plugin.graphql.tenants.settings import (
    TenantSettingsMutations,
    TenantSettingsQueries,
)
from saleor_oms_plugin.graphql.tenants.types import OmsApiKey
from saleor_oms_plugin.graphql.warehouse.mutations import WarehouseMutations
from saleor_oms_plugin.graphql.warehouse.queries import WarehouseQueries
from saleor_oms_plugin.graphql.warehouse.shipping import ShippingMutations, ShippingQueries


class Query(
    TenantQueries,
    TenantSettingsQueries,
    OnboardingQueries,
    OrderQueries,
    LocationQueries,
    FulfilmentQueries,
    InventoryQueries,
    RuleQueries,
    ReturnQueries,
    ReplenishmentQueries,
    AvailabilityQueries,
    InsightsQueries,
    InsightsReadingQueries,
    DeliveryQueries,
    CheckoutQueries,
    WarehouseQueries,
    ShippingQueries,
    PurchasingQueries,
    ScreeningQueries,
    CaptureQueries,
    StorefrontQueries,
    FederationQueries,
    graphene.ObjectType,
):
    node = Node.Field(description="Any object of the viewer's installation by its global ID.")


class Mutation(
    ApiKeyMutations,
    TenantSettingsMutations,
    FulfilmentMutations,
    InventoryMutations,
    LocationMutations,
    RuleMutations,
    ReturnMutations,
    ReplenishmentMutations,
    AvailabilityMutations,
    DeliveryMutations,
    WarehouseMutations,
    ShippingMutations,
    PurchasingMutations,
    InsightsMutations,
    ScreeningMutations,
    CaptureMutations,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(
    query=Query,
    mutation=Mutation,
    types=[
        OmsOrder,
        OmsLocation,
        OmsApiKey,
        OmsRoutingPlan,
        OmsPlanShipment,
        OmsRoutingRuleSet,
        OmsStockLevel,
        OmsStockMovement,
        OmsReservation,
        OmsStockFeedSource,
        OmsStockFeedRun,
        OmsTransfer,
        OmsRule,
        OmsRuleFiring,
        OmsStaffTask,
        OmsReturnRequest,
        OmsReplenishmentSetting,
        OmsStockAlert,
        OmsScreeningResult,
        OmsAvailabilitySubscription,
        OmsAvailabilityDelivery,
        OmsCart,
        OmsSupplier,
        OmsPurchaseOrder,
        OmsCaptureSource,
        OmsCapturedOrder,
    ],
)
location_scope_guard(schema.graphql_schema)
