"""``_service`` and ``_entities``: what makes this schema an Apollo Federation subgraph."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.federation.entities import resolve_entities
from saleor_oms_plugin.graphql.federation.sdl import cached_subgraph_sdl
from saleor_oms_plugin.graphql.federation.types import (
    FederationAny,
    FederationEntity,
    FederationService,
)


class FederationQueries(graphene.ObjectType):
    service = graphene.Field(
        graphene.NonNull(FederationService),
        name="_service",
        description="This subgraph's SDL, for federation gateways.",
    )
    entities = graphene.Field(
        graphene.NonNull(graphene.List(FederationEntity)),
        name="_entities",
        representations=graphene.NonNull(graphene.List(graphene.NonNull(FederationAny))),
        description="Saleor's Order and ProductVariant by their keys, with the OMS fields; "
        "null for what the caller may not see.",
    )

    @staticmethod
    def resolve_service(root: Any, info: GraphQLResolveInfo) -> dict[str, str]:
        return {"sdl": cached_subgraph_sdl(info.schema)}

    @staticmethod
    def resolve_entities(
        root: Any, info: GraphQLResolveInfo, representations: list[Any]
    ) -> list[Any]:
        return resolve_entities(info, representations)
