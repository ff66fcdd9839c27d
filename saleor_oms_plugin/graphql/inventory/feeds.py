"""Inbound stock feeds over GraphQL: sources, ``stockFeedSubmit`` and the stored runs."""

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
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode
from saleor_oms_plugin.graphql.inventory.types import INVENTORY_ERRORS, STOCK_PERMISSIONS
from saleor_oms_plugin.graphql.locations.types import OmsLocation
from saleor_oms_plugin.graphql.permissions import Requires, require_any
from saleor_oms_plugin.inventory.error_codes import FeedLineCode
from saleor_oms_plugin.inventory.feeds import FeedLine, feed_source_save, feed_submit
from saleor_oms_plugin.inventory.models import FeedRun, FeedSource
from saleor_oms_plugin.inventory.selectors import feed_run_get, feed_run_list, feed_source_list

STOCK = Requires(*STOCK_PERMISSIONS)

OmsStockFeedMode = graphene.Enum("OmsStockFeedMode", [(m.name, m.value) for m in FeedSource.Mode])
OmsStockFeedRunStatus = graphene.Enum(
    "OmsStockFeedRunStatus", [(s.name, s.value) for s in FeedRun.Status]
)
OmsStockFeedLineCode = graphene.Enum(
    "OmsStockFeedLineCode", [(c.name, c.value) for c in FeedLineCode]
)


class OmsStockFeedSource(graphene.ObjectType):
    name = graphene.String(required=True)
    mode = graphene.Field(graphene.NonNull(OmsStockFeedMode), description="Lines' default.")
    default_location = graphene.Field(OmsLocation, description="For lines naming none.")
    last_sequence = graphene.Field(graphene.BigInt, description="Newest sequence applied.")
    updated_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = "Where inbound stock comes from (a store system, a 3PL, a marketplace)."

    is_type_of = instances_of(FeedSource)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> FeedSource | None:
        _, tenant = require_any(info, STOCK_PERMISSIONS)
        return feed_source_list(tenant_id=tenant.pk).filter(pk=id).first()

    @staticmethod
    def resolve_mode(root: FeedSource, info: GraphQLResolveInfo) -> str:
        return str(root.mode)


class OmsStockFeedRunLine(graphene.ObjectType):
    line = graphene.Int(required=True, description="1-based position in the feed.")
    sku = graphene.String(required=True)
    location = graphene.String(required=True, description="The location's slug.")
    mode = graphene.String(required=True)
    quantity = graphene.Int(description="Null when it was not a whole number.")
    variant_id = graphene.String(required=True)
    status = graphene.String(required=True, description="APPLIED, UNCHANGED, FAILED, IGNORED.")
    code = graphene.Field(OmsStockFeedLineCode, description="Why it FAILED.")
    message = graphene.String(required=True)
    delta = graphene.Int(required=True, description="The change of on hand it made.")

    @staticmethod
    def resolve_variant_id(root: dict[str, Any], info: GraphQLResolveInfo) -> str:
        return str(root.get("variantId") or "")

    @staticmethod
    def resolve_code(root: dict[str, Any], info: GraphQLResolveInfo) -> str | None:
        return root.get("code") or None


class OmsStockFeedRun(graphene.ObjectType):
    source = graphene.String(required=True, description="The feed source's name.")
    idempotency_key = graphene.String(required=True)
    sequence = graphene.BigInt(required=True)
    status = graphene.Field(graphene.NonNull(OmsStockFeedRunStatus))
    lines_total = graphene.Int(required=True)
    lines_applied = graphene.Int(required=True)
    lines_failed = graphene.Int(required=True)
    lines = graphene.List(graphene.NonNull(OmsStockFeedRunLine), required=True)
    channel = graphene.String(required=True, description="graphql or csv.")
    created_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = "One submitted feed with the outcome of every line."

    is_type_of = instances_of(FeedRun)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> FeedRun | None:
        _, tenant = require_any(info, STOCK_PERMISSIONS)
        return feed_run_get(tenant_id=tenant.pk, pk=id)

    @staticmethod
    def resolve_source(root: FeedRun, info: GraphQLResolveInfo) -> str:
        return root.source.name

    @staticmethod
    def resolve_status(root: FeedRun, info: GraphQLResolveInfo) -> str:
        return str(root.status)

    @staticmethod
    def resolve_lines(root: FeedRun, info: GraphQLResolveInfo) -> list[dict[str, Any]]:
        return list(root.results)


class OmsStockFeedRunConnection(OmsCountableConnection):
    class Meta:
        node = OmsStockFeedRun
        strict_types = True


class OmsStockFeedLineInput(graphene.InputObjectType):
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True, description="On hand (ABSOLUTE) or a change (DELTA).")
    location = graphene.String(description="A location's slug; default: the source's.")
    mode = OmsStockFeedMode(description="Default: the source's mode.")


class OmsStockFeedSubmitInput(graphene.InputObjectType):
    source = graphene.String(required=True, description="The feed source's name.")
    idempotency_key = graphene.String(required=True, description="Unique per submission.")
    sequence = graphene.BigInt(
        required=True, description="Increasing per source; a run at or below the last is STALE."
    )
    lines = graphene.List(graphene.NonNull(OmsStockFeedLineInput), required=True)


class OmsStockFeedSubmitPayload(graphene.ObjectType):
    run = graphene.Field(OmsStockFeedRun)
    replayed = graphene.Boolean(
        required=True, description="The key was used before: this is the stored run."
    )
    errors = INVENTORY_ERRORS.field()


class OmsStockFeedSourceSaveInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    mode = OmsStockFeedMode(default_value=FeedSource.Mode.ABSOLUTE.value)
    default_location_id = graphene.ID(description="An OmsLocation ID.")


class OmsStockFeedSourcePayload(graphene.ObjectType):
    source = graphene.Field(OmsStockFeedSource)
    errors = INVENTORY_ERRORS.field()


class FeedQueries(graphene.ObjectType):
    stock_feeds = graphene.List(
        graphene.NonNull(OmsStockFeedSource),
        required=True,
        description="Feed sources by name. Requires MANAGE_PRODUCTS.",
    )
    stock_feed_runs = graphene.Field(
        graphene.NonNull(OmsStockFeedRunConnection),
        description="Feed runs, newest first. Requires MANAGE_PRODUCTS.",
        **connection_args(source=graphene.String(), status=OmsStockFeedRunStatus()),
    )
    stock_feed_run = graphene.Field(
        OmsStockFeedRun,
        id=graphene.ID(),
        idempotency_key=graphene.String(),
        description="One run by exactly one of: id, idempotencyKey.",
    )

    @staticmethod
    def resolve_stock_feeds(root: Any, info: GraphQLResolveInfo) -> list[FeedSource]:
        _, tenant = require_any(info, STOCK_PERMISSIONS)
        return list(feed_source_list(tenant_id=tenant.pk))

    @staticmethod
    def resolve_stock_feed_runs(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        source: str | None = None,
        status: Any = None,
    ) -> OmsStockFeedRunConnection:
        _, tenant = require_any(info, STOCK_PERMISSIONS)
        runs = feed_run_list(tenant_id=tenant.pk, source_name=source, status=enum_value(status))
        return connection_from_queryset(runs, OmsStockFeedRunConnection, first=first, after=after)

    @staticmethod
    def resolve_stock_feed_run(
        root: Any,
        info: GraphQLResolveInfo,
        id: str | None = None,
        idempotency_key: str | None = None,
    ) -> FeedRun | None:
        _, tenant = require_any(info, STOCK_PERMISSIONS)
        if (id is None) == (idempotency_key is None):
            raise OmsGraphQLError(
                OmsGraphQLErrorCode.INVALID_ARGUMENTS, "Give exactly one of id and idempotencyKey."
            )
        pk = pk_from_global_id(id, expected_type="OmsStockFeedRun") if id is not None else None
        return feed_run_get(tenant_id=tenant.pk, pk=pk, idempotency_key=idempotency_key)


class FeedMutations(graphene.ObjectType):
    @mutation(
        OmsStockFeedSourcePayload,
        access=STOCK,
        errors=INVENTORY_ERRORS,
        description="Create or change a feed source (by name).",
        input=OmsStockFeedSourceSaveInput(required=True),
    )
    def stock_feed_source_save(caller: Caller, input: dict[str, Any]) -> OmsStockFeedSourcePayload:
        location = input.get("default_location_id")
        source = feed_source_save(
            tenant_id=caller.tenant.pk,
            name=input["name"],
            mode=enum_value(input["mode"]),
            default_location_id=(
                pk_from_global_id(location, expected_type="OmsLocation") if location else None
            ),
            actor=caller.actor(),
        )
        return OmsStockFeedSourcePayload(source=source, errors=[])

    @mutation(
        OmsStockFeedSubmitPayload,
        access=STOCK,
        errors=INVENTORY_ERRORS,
        refused=lambda caller: {"replayed": False},
        description="Apply absolute or delta quantities per SKU: valid lines apply, bad lines "
        "are reported per line.",
        input=OmsStockFeedSubmitInput(required=True),
    )
    def stock_feed_submit(caller: Caller, input: dict[str, Any]) -> OmsStockFeedSubmitPayload:
        lines = [
            FeedLine(
                sku=line["sku"],
                quantity=line["quantity"],
                location=line.get("location") or "",
                mode=enum_value(line.get("mode")) or "",
            )
            for line in input["lines"]
        ]
        result = feed_submit(
            tenant_id=caller.tenant.pk,
            source_name=input["source"],
            idempotency_key=input["idempotency_key"],
            sequence=int(input["sequence"]),
            lines=lines,
            actor=caller.actor(),
        )
        return OmsStockFeedSubmitPayload(run=result.run, replayed=result.replayed, errors=[])
