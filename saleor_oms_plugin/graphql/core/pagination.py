"""Relay connections over QuerySets: one slice per page, never the whole table.

Cursors are opaque offsets (``arrayconnection:N``, as graphql-relay writes them). A page fetches
``first + 1`` rows to learn whether another page follows; ``totalCount`` runs ``COUNT(*)`` only
when asked for. Offsets shift when rows are added between pages, the accepted price of cheap,
stateless cursors over arbitrary orderings.
"""

from __future__ import annotations

from typing import Any

import graphene
from django.conf import settings
from django.db.models import QuerySet
from graphene import relay
from graphql import GraphQLResolveInfo
from graphql_relay import cursor_to_offset, offset_to_cursor

from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode


class OmsCountableConnection(relay.Connection):
    """Base of every connection: Relay's edges and pageInfo plus ``totalCount``."""

    class Meta:
        abstract = True

    total_count = graphene.Int(required=True, description="Number of items in all pages.")

    @staticmethod
    def resolve_total_count(root: Any, info: GraphQLResolveInfo) -> int:
        return root.queryset.count()


def connection_args(**extra: Any) -> dict[str, Any]:
    """The arguments every connection field takes, plus its own filters."""
    return {
        "first": graphene.Int(
            description=f"Page size; at most {settings.GRAPHQL_MAX_PAGE_SIZE} (larger is capped)."
        ),
        "after": graphene.String(description="Return items after this cursor."),
        **extra,
    }


def page_size(first: int | None) -> int:
    limit: int = settings.GRAPHQL_MAX_PAGE_SIZE
    if first is None:
        return limit
    if first < 0:
        raise OmsGraphQLError(OmsGraphQLErrorCode.INVALID_ARGUMENTS, "first must not be negative.")
    # Capped rather than refused: a client that follows hasNextPage still sees every row.
    return min(first, limit)


def start_offset(after: str | None) -> int:
    if after is None:
        return 0
    offset = cursor_to_offset(after)
    if offset is None or offset < 0:
        raise OmsGraphQLError(OmsGraphQLErrorCode.INVALID_CURSOR, f"{after!r} is not a cursor.")
    return offset + 1


def connection_from_queryset(
    queryset: QuerySet[Any],
    connection_type: type[OmsCountableConnection],
    *,
    first: int | None,
    after: str | None,
) -> OmsCountableConnection:
    """One page of ``queryset`` (which must be ordered) as ``connection_type``."""
    limit = page_size(first)
    offset = start_offset(after)
    rows = list(queryset[offset : offset + limit + 1]) if limit else []
    has_next_page = len(rows) > limit
    rows = rows[:limit]
    edges = [
        connection_type.Edge(node=row, cursor=offset_to_cursor(offset + index))
        for index, row in enumerate(rows)
    ]
    connection = connection_type(
        edges=edges,
        page_info=relay.PageInfo(
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
            has_previous_page=offset > 0,
            has_next_page=has_next_page,
        ),
    )
    connection.queryset = queryset
    return connection
