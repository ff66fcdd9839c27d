"""``onboardingChecklist``: what still keeps the OMS from working in this store."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.permissions import (
    MANAGE_APPS,
    MANAGE_ORDERS,
    MANAGE_PRODUCTS,
    require_any,
)
from saleor_oms_plugin.onboarding.items import ChecklistItem, ChecklistItemCode
from saleor_oms_plugin.onboarding.selectors import onboarding_checklist

OmsOnboardingItemCode = graphene.Enum(
    "OmsOnboardingItemCode",
    [(code.name, code.value) for code in ChecklistItemCode],
    description="Which check an onboarding item is.",
)


class OmsOnboardingItem(graphene.ObjectType):
    code = graphene.Field(OmsOnboardingItemCode, required=True)
    done = graphene.Boolean(required=True)
    title = graphene.String(
        required=True, description="What should hold, e.g. a policy per channel."
    )
    detail = graphene.String(required=True, description="What is missing; empty when done.")
    link = graphene.String(
        required=True, description="The Dashboard extension's route where it is fixed."
    )

    class Meta:
        description = "One check of the store's setup; it closes by itself once fixed."

    @staticmethod
    def resolve_code(root: ChecklistItem, info: GraphQLResolveInfo) -> str:
        return root.code.value


class OmsOnboardingChecklist(graphene.ObjectType):
    items = graphene.List(graphene.NonNull(OmsOnboardingItem), required=True)
    open_count = graphene.Int(required=True, description="Items not done yet.")


class OnboardingQueries(graphene.ObjectType):
    onboarding_checklist = graphene.Field(
        graphene.NonNull(OmsOnboardingChecklist),
        description="Setup checks, in the order to work through them. "
        "MANAGE_APPS, MANAGE_ORDERS or MANAGE_PRODUCTS.",
    )

    @staticmethod
    def resolve_onboarding_checklist(root: Any, info: GraphQLResolveInfo) -> OmsOnboardingChecklist:
        _, tenant = require_any(info, [MANAGE_APPS, MANAGE_ORDERS, MANAGE_PRODUCTS])
        items = onboarding_checklist(tenant=tenant)
        return OmsOnboardingChecklist(
            items=items, open_count=sum(1 for item in items if not item.done)
        )
