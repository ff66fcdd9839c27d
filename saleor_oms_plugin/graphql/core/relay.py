"""Relay's ``Node`` with global IDs that resolve only inside the viewer's tenant.

IDs are graphene's ``base64("<TypeName>:<pk>")``. A type implementing :class:`Node` resolves
its IDs in ``get_node`` with a tenant-scoped selector, so an ID of another tenant's row
resolves to null exactly as an ID that never existed: nothing tells a caller that the row
exists elsewhere.
"""

from __future__ import annotations

import binascii
from typing import Any

from graphene import relay
from graphql import GraphQLResolveInfo
from graphql_relay import from_global_id

from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode


def _invalid_id(global_id: str) -> OmsGraphQLError:
    return OmsGraphQLError(OmsGraphQLErrorCode.INVALID_ID, f"{global_id!r} is not a valid ID.")


def decode_global_id(global_id: str) -> tuple[str, int]:
    """The type name and primary key inside a global ID (any type)."""
    try:
        type_name, raw_pk = from_global_id(global_id)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise _invalid_id(global_id) from None
    if not type_name or not raw_pk.isdigit():
        raise _invalid_id(global_id)
    return type_name, int(raw_pk)


def pk_from_global_id(global_id: str, *, expected_type: str) -> int:
    """The primary key of a global ID that must name ``expected_type``."""
    type_name, pk = decode_global_id(global_id)
    if type_name != expected_type:
        raise OmsGraphQLError(
            OmsGraphQLErrorCode.INVALID_ID, f"{global_id!r} is not the ID of an {expected_type}."
        )
    return pk


class Node(relay.Node):
    """The Relay ``Node`` interface (named ``Node``, the shape Saleor's own has too)."""

    class Meta:
        name = "Node"

    @classmethod
    def get_node_from_global_id(
        cls, info: GraphQLResolveInfo, global_id: str, only_type: Any = None
    ) -> Any:
        type_name, pk = decode_global_id(global_id)
        graphql_type = info.schema.get_type(type_name)
        graphene_type = getattr(graphql_type, "graphene_type", None)
        if graphene_type is None or cls not in graphene_type._meta.interfaces:
            raise _invalid_id(global_id)
        if only_type and graphene_type is not only_type:
            raise _invalid_id(global_id)
        return graphene_type.get_node(info, pk)


def instances_of(model: type) -> classmethod:
    """``is_type_of`` for an object type whose resolvers return ``model`` instances: it tells
    the Node interface (and any union) which type a row is."""

    def is_type_of(cls: type, root: Any, info: GraphQLResolveInfo) -> bool:
        return isinstance(root, model)

    return classmethod(is_type_of)
