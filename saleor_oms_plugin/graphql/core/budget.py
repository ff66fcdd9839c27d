"""Per-request budgets of items a client names in list arguments.

The complexity limit counts each call on its own; a document can still repeat the same call
under many aliases. What a request names across all of them (entity representations, variant
IDs) is summed on the request's context and refused past ``GRAPHQL_MAX_ENTITIES``.
"""

from __future__ import annotations

from django.conf import settings
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode

_ATTRIBUTE = "_oms_entities_spent"


def spend_entities(info: GraphQLResolveInfo, count: int) -> None:
    """Count ``count`` more items named by this request; refuse when the total passes the limit."""
    limit: int = settings.GRAPHQL_MAX_ENTITIES
    spent: int = info.context.__dict__.get(_ATTRIBUTE, 0) + count
    if spent > limit:
        raise OmsGraphQLError(
            OmsGraphQLErrorCode.QUERY_TOO_COMPLEX,
            f"At most {limit} representations or variant IDs per request (all fields together).",
        )
    info.context.__dict__[_ATTRIBUTE] = spent
