"""Enums the API of more than one domain uses: defined once, below both, so that no domain's
API imports another's (the orders list filters by the routing state its plans are in)."""

from __future__ import annotations

import graphene

from saleor_oms_plugin.fulfilment.models import RoutingPlan

OmsRoutingPlanState = graphene.Enum(
    "OmsRoutingPlanState", [(s.name, s.value) for s in RoutingPlan.State]
)
