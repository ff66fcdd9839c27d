"""Reorder settings and alert acknowledgement: thin edges over the replenishment services."""

from __future__ import annotations

from typing import Any

import graphene

from saleor_oms_plugin.graphql.core.mutations import Caller, PayloadErrors, mutation
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.permissions import Requires
from saleor_oms_plugin.graphql.replenishment.types import (
    PERMISSIONS,
    OmsReplenishmentError,
    OmsReplenishmentSetting,
    OmsStockAlert,
)
from saleor_oms_plugin.replenishment.errors import ReplenishmentError
from saleor_oms_plugin.replenishment.services import (
    SettingInput,
    alert_acknowledge,
    setting_delete,
    setting_set,
)

REPLENISHMENT_ERRORS = PayloadErrors(OmsReplenishmentError, ReplenishmentError)
PLANNERS = Requires(*PERMISSIONS)


class OmsReplenishmentSettingInput(graphene.InputObjectType):
    location_id = graphene.ID(required=True, description="An OmsLocation ID.")
    variant_id = graphene.String(required=True, description="Saleor ProductVariant ID.")
    reorder_point = graphene.Int(required=True)
    target_level = graphene.Int(required=True, description="At least the reorder point.")
    lead_time_days = graphene.Int(default_value=0)
    on_order = graphene.Int(default_value=0, description="Units ordered, not yet received.")
    supplier = graphene.String(default_value="")
    notes = graphene.String(default_value="")


class OmsReplenishmentSettingPayload(graphene.ObjectType):
    setting = graphene.Field(OmsReplenishmentSetting)
    errors = REPLENISHMENT_ERRORS.field()


class OmsReplenishmentSettingDeletePayload(graphene.ObjectType):
    deleted_id = graphene.ID()
    errors = REPLENISHMENT_ERRORS.field()


class OmsStockAlertPayload(graphene.ObjectType):
    alert = graphene.Field(OmsStockAlert)
    errors = REPLENISHMENT_ERRORS.field()


class ReplenishmentMutations(graphene.ObjectType):
    @mutation(
        OmsReplenishmentSettingPayload,
        access=PLANNERS,
        errors=REPLENISHMENT_ERRORS,
        description="Create or replace the reorder setting of a variant at a location; its "
        "alerts are re-evaluated.",
        input=OmsReplenishmentSettingInput(required=True),
    )
    def replenishment_setting_set(
        caller: Caller, input: dict[str, Any]
    ) -> OmsReplenishmentSettingPayload:
        data = SettingInput(
            location_id=pk_from_global_id(input["location_id"], expected_type="OmsLocation"),
            variant_id=input["variant_id"],
            reorder_point=input["reorder_point"],
            target_level=input["target_level"],
            lead_time_days=input["lead_time_days"],
            on_order=input["on_order"],
            supplier=input["supplier"],
            notes=input["notes"],
        )
        setting = setting_set(tenant_id=caller.tenant.pk, data=data, actor=caller.actor())
        return OmsReplenishmentSettingPayload(setting=setting, errors=[])

    @mutation(
        OmsReplenishmentSettingDeletePayload,
        access=PLANNERS,
        errors=REPLENISHMENT_ERRORS,
        description="The variant falls back to the tenant's defaults (or is not tracked).",
        id=graphene.ID(required=True),
    )
    def replenishment_setting_delete(
        caller: Caller, id: str
    ) -> OmsReplenishmentSettingDeletePayload:
        pk = pk_from_global_id(id, expected_type="OmsReplenishmentSetting")
        setting_delete(tenant_id=caller.tenant.pk, pk=pk, actor=caller.actor())
        return OmsReplenishmentSettingDeletePayload(deleted_id=id, errors=[])

    @mutation(
        OmsStockAlertPayload,
        access=PLANNERS,
        errors=REPLENISHMENT_ERRORS,
        description="Staff saw the alert; it resolves itself when stock recovers.",
        id=graphene.ID(required=True),
    )
    def stock_alert_acknowledge(caller: Caller, id: str) -> OmsStockAlertPayload:
        pk = pk_from_global_id(id, expected_type="OmsStockAlert")
        alert = alert_acknowledge(tenant_id=caller.tenant.pk, pk=pk, actor=caller.actor())
        return OmsStockAlertPayload(alert=alert, errors=[])
