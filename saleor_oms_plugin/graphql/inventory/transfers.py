"""Transfers between locations over GraphQL: request, dispatch, receive, cancel, and reads."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.mutations import Caller, mutation
from saleor_oms_plugin.graphql.core.pagination import (
    OmsCountableConnection,
    connection_args,
    connection_from_queryset,
)
from saleor_oms_plugin.graphql.core.relay import Node, instances_of, pk_from_global_id
from saleor_oms_plugin.graphql.inventory.types import INVENTORY_ERRORS, STOCK_PERMISSIONS
from saleor_oms_plugin.graphql.locations.types import OmsLocation, location_pk
from saleor_oms_plugin.graphql.permissions import Requires, require_any
from saleor_oms_plugin.inventory import transfers as inventory_transfers
from saleor_oms_plugin.inventory.models import Transfer, TransferLine
from saleor_oms_plugin.inventory.selectors import transfer_get, transfer_list
from saleor_oms_plugin.inventory.transfers import TransferLineRequest

STOCK = Requires(*STOCK_PERMISSIONS)

OmsTransferState = graphene.Enum("OmsTransferState", [(s.name, s.value) for s in Transfer.State])


class OmsTransferLine(graphene.ObjectType):
    variant_id = graphene.String(required=True)
    quantity = graphene.Int(required=True, description="Units sent.")
    received_quantity = graphene.Int(description="Null until received.")
    discrepancy = graphene.Int(required=True, description="Sent but not received.")


class OmsTransfer(graphene.ObjectType):
    from_location = graphene.Field(graphene.NonNull(OmsLocation))
    to_location = graphene.Field(graphene.NonNull(OmsLocation))
    state = graphene.Field(graphene.NonNull(OmsTransferState))
    reference = graphene.String(required=True)
    note = graphene.String(required=True)
    lines = graphene.List(graphene.NonNull(OmsTransferLine), required=True)
    created_at = graphene.DateTime(required=True)
    dispatched_at = graphene.DateTime()
    received_at = graphene.DateTime()

    class Meta:
        interfaces = (Node,)
        description = "Stock moving between two locations: REQUESTED, IN_TRANSIT, RECEIVED."

    is_type_of = instances_of(Transfer)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> Transfer | None:
        _, tenant = require_any(info, STOCK_PERMISSIONS)
        return transfer_get(tenant_id=tenant.pk, pk=id)

    @staticmethod
    def resolve_state(root: Transfer, info: GraphQLResolveInfo) -> str:
        return str(root.state)

    @staticmethod
    def resolve_lines(root: Transfer, info: GraphQLResolveInfo) -> list[TransferLine]:
        return list(root.lines.all())


class OmsTransferConnection(OmsCountableConnection):
    class Meta:
        node = OmsTransfer
        strict_types = True


class OmsTransferLineInput(graphene.InputObjectType):
    variant_id = graphene.String(required=True)
    quantity = graphene.Int(required=True)


class OmsTransferRequestInput(graphene.InputObjectType):
    from_location_id = graphene.ID(required=True)
    to_location_id = graphene.ID(required=True)
    lines = graphene.List(graphene.NonNull(OmsTransferLineInput), required=True)
    reference = graphene.String(default_value="")
    note = graphene.String(default_value="")


class OmsTransferPayload(graphene.ObjectType):
    transfer = graphene.Field(OmsTransfer)
    errors = INVENTORY_ERRORS.field()


def _transfer_pk(global_id: str) -> int:
    return pk_from_global_id(global_id, expected_type="OmsTransfer")


class TransferQueries(graphene.ObjectType):
    transfers = graphene.Field(
        graphene.NonNull(OmsTransferConnection),
        description="Transfers, newest first. Requires MANAGE_PRODUCTS.",
        **connection_args(
            state=OmsTransferState(),
            location_id=graphene.ID(description="From or to this location."),
        ),
    )

    @staticmethod
    def resolve_transfers(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        state: Any = None,
        location_id: str | None = None,
    ) -> OmsTransferConnection:
        _, tenant = require_any(info, STOCK_PERMISSIONS)
        transfers = transfer_list(
            tenant_id=tenant.pk,
            state=enum_value(state),
            location_id=location_pk(location_id) if location_id else None,
        ).prefetch_related("lines")
        return connection_from_queryset(transfers, OmsTransferConnection, first=first, after=after)


def _transferred(transfer: Transfer) -> OmsTransferPayload:
    return OmsTransferPayload(transfer=transfer, errors=[])


class TransferMutations(graphene.ObjectType):
    @mutation(
        OmsTransferPayload,
        access=STOCK,
        errors=INVENTORY_ERRORS,
        description="Request a transfer; its units are reserved at the source (all lines or "
        "INSUFFICIENT_STOCK).",
        input=OmsTransferRequestInput(required=True),
    )
    def transfer_request(caller: Caller, input: dict[str, Any]) -> OmsTransferPayload:
        return _transferred(
            inventory_transfers.transfer_request(
                tenant_id=caller.tenant.pk,
                from_location_id=location_pk(input["from_location_id"]),
                to_location_id=location_pk(input["to_location_id"]),
                lines=[
                    TransferLineRequest(line["variant_id"], line["quantity"])
                    for line in input["lines"]
                ],
                actor=caller.actor(),
                reference=input["reference"],
                note=input["note"],
            )
        )

    @mutation(
        OmsTransferPayload,
        access=STOCK,
        errors=INVENTORY_ERRORS,
        description="The goods left the source.",
        id=graphene.ID(required=True),
    )
    def transfer_dispatch(caller: Caller, id: str) -> OmsTransferPayload:
        pk = _transfer_pk(id)
        return _transferred(
            inventory_transfers.transfer_dispatch(
                tenant_id=caller.tenant.pk, transfer_id=pk, actor=caller.actor()
            )
        )

    @mutation(
        OmsTransferPayload,
        access=STOCK,
        errors=INVENTORY_ERRORS,
        description="The goods arrived at the destination.",
        id=graphene.ID(required=True),
        lines=graphene.List(
            graphene.NonNull(OmsTransferLineInput),
            description="Counted per variant (left out: none); omitted: everything arrived.",
        ),
    )
    def transfer_receive(
        caller: Caller, id: str, lines: list[dict[str, Any]] | None = None
    ) -> OmsTransferPayload:
        pk = _transfer_pk(id)
        received: dict[str, int] | None = None
        if lines is not None:
            received = {}
            for line in lines:
                received[line["variant_id"]] = (
                    received.get(line["variant_id"], 0) + line["quantity"]
                )
        return _transferred(
            inventory_transfers.transfer_receive(
                tenant_id=caller.tenant.pk,
                transfer_id=pk,
                actor=caller.actor(),
                received=received,
            )
        )

    @mutation(
        OmsTransferPayload,
        access=STOCK,
        errors=INVENTORY_ERRORS,
        description="Cancel: the reservation is released, or goods in transit return to the "
        "source.",
        id=graphene.ID(required=True),
        reason=graphene.String(default_value=""),
    )
    def transfer_cancel(caller: Caller, id: str, reason: str = "") -> OmsTransferPayload:
        pk = _transfer_pk(id)
        return _transferred(
            inventory_transfers.transfer_cancel(
                tenant_id=caller.tenant.pk, transfer_id=pk, actor=caller.actor(), reason=reason
            )
        )
