"""Reorder settings and alert acknowledgement: thin edges over the replenishment services."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.mutations import errors_from
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.inventory.mutations import WRITER_KINDS
from saleor_oms_plugin.graphql.permissions import require_any
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
    errors = graphene.List(graphene.NonNull(OmsReplenishmentError), required=True)


class OmsReplenishmentSettingDeletePayload(graphene.ObjectType):
    deleted_id = graphene.ID()
    errors = graphene.List(graphene.NonNull(OmsReplenishmentError), required=True)


class OmsStockAlertPayload(graphene.ObjectType):
    alert = graphene.Field(OmsStockAlert)
    errors = graphene.List(graphene.NonNull(OmsReplenishmentError), required=True)


class ReplenishmentMutations(graphene.ObjectType):
    replenishment_setting_set = graphene.Field(
        graphene.NonNull(OmsReplenishmentSettingPayload),
        input=OmsReplenishmentSettingInput(required=True),
        description="Create or replace the reorder setting of a variant at a location; its "
        "alerts are re-evaluated. Requires MANAGE_PRODUCTS.",
    )
    replenishment_setting_delete = graphene.Field(
        graphene.NonNull(OmsReplenishmentSettingDeletePayload),
        id=graphene.ID(required=True),
        description="The variant falls back to the tenant's defaults (or is not tracked).",
    )
    stock_alert_acknowledge = graphene.Field(
        graphene.NonNull(OmsStockAlertPayload),
        id=graphene.ID(required=True),
        description="Staff saw the alert; it resolves itself when stock recovers.",
    )

    @staticmethod
    def resolve_replenishment_setting_set(
        root: Any, info: GraphQLResolveInfo, input: dict[str, Any]
    ) -> OmsReplenishmentSettingPayload:
        viewer, tenant = require_any(info, PERMISSIONS, kinds=WRITER_KINDS)
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
        try:
            setting = setting_set(tenant_id=tenant.pk, data=data, actor=viewer.actor())
        except ReplenishmentError as exc:
            return OmsReplenishmentSettingPayload(errors=errors_from(exc, OmsReplenishmentError))
        return OmsReplenishmentSettingPayload(setting=setting, errors=[])

    @staticmethod
    def resolve_replenishment_setting_delete(
        root: Any, info: GraphQLResolveInfo, id: str
    ) -> OmsReplenishmentSettingDeletePayload:
        viewer, tenant = require_any(info, PERMISSIONS, kinds=WRITER_KINDS)
        pk = pk_from_global_id(id, expected_type="OmsReplenishmentSetting")
        try:
            setting_delete(tenant_id=tenant.pk, pk=pk, actor=viewer.actor())
        except ReplenishmentError as exc:
            return OmsReplenishmentSettingDeletePayload(
                errors=errors_from(exc, OmsReplenishmentError)
            )
        return OmsReplenishmentSettingDeletePayload(deleted_id=id, errors=[])

    @staticmethod
    def resolve_stock_alert_acknowledge(
        root: Any, info: GraphQLResolveInfo, id: str
    ) -> OmsStockAlertPayload:
        viewer, tenant = require_any(info, PERMISSIONS, kinds=WRITER_KINDS)
        pk = pk_from_global_id(id, expected_type="OmsStockAlert")
        try:
            alert = alert_acknowledge(tenant_id=tenant.pk, pk=pk, actor=viewer.actor())
        except ReplenishmentError as exc:
            return OmsStockAlertPayload(errors=errors_from(exc, OmsReplenishmentError))
        return OmsStockAlertPayload(alert=alert, errors=[])
