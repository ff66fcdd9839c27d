"""The subgraph SDL that ``_service { sdl }`` answers and ``saleor-oms schema`` prints.

It is the printed executable schema with the Federation 2 additions the gateway needs:
``@link`` to the federation spec, Saleor's entity keys on ``Order`` and ``ProductVariant``,
``@shareable`` on ``PageInfo`` (Saleor resolves a type of that name too), and without the
federation plumbing itself (``_service``, ``_entities``, ``_Any``, ``_Entity``, ``_Service``),
which a subgraph SDL must not declare.

Root fields whose names Saleor's API already uses (``me``, ``order``, ``orders``) are served on
``/graphql/`` but left out of the subgraph: through a gateway those names are Saleor's, and
OMS orders are reached as ``Order.oms``.
"""

from __future__ import annotations

from functools import cache

from graphql import (
    ConstDirectiveNode,
    DocumentNode,
    GraphQLSchema,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    ScalarTypeDefinitionNode,
    parse,
    print_ast,
    print_schema,
)

FEDERATION_SPEC = "https://specs.apollo.dev/federation/v2.3"
ENTITY_KEYS = {"Order": "id", "ProductVariant": "id channel"}
SHAREABLE_TYPES = frozenset({"PageInfo"})
SALEOR_OWNED_ROOT_FIELDS = frozenset({"me", "order", "orders"})
# Types Saleor declares too: their descriptions (and those of Saleor's fields on them) are
# Saleor's to give, so ours are left out and the supergraph shows Saleor's.
SALEOR_SHARED_TYPES = frozenset({"Order", "ProductVariant", "Node", "PageInfo"})
OMS_FIELDS_ON_SHARED_TYPES = frozenset({"oms"})
PLUMBING_FIELDS = frozenset({"_service", "_entities"})
PLUMBING_TYPES = frozenset({"_Any", "_Entity", "_Service"})


def _directive(source: str) -> ConstDirectiveNode:
    definition = parse(f"type T {source} {{ f: Int }}").definitions[0]
    assert isinstance(definition, ObjectTypeDefinitionNode)
    return definition.directives[0]


def _federated(document: DocumentNode) -> DocumentNode:
    definitions = []
    for definition in document.definitions:
        name = getattr(getattr(definition, "name", None), "value", None)
        if name in PLUMBING_TYPES:
            continue
        if isinstance(definition, ScalarTypeDefinitionNode) or name in SALEOR_SHARED_TYPES:
            definition.description = None
        if isinstance(definition, InterfaceTypeDefinitionNode) and name in SALEOR_SHARED_TYPES:
            for field in definition.fields or ():
                field.description = None
        if isinstance(definition, ObjectTypeDefinitionNode):
            directives = list(definition.directives or ())
            if name in ENTITY_KEYS:
                directives.append(_directive(f'@key(fields: "{ENTITY_KEYS[name]}")'))
            if name in SHAREABLE_TYPES:
                directives.append(_directive("@shareable"))
            fields = list(definition.fields or ())
            if name in SALEOR_SHARED_TYPES:
                for field in fields:
                    if field.name.value not in OMS_FIELDS_ON_SHARED_TYPES:
                        field.description = None
            if name == "Query":
                hidden = PLUMBING_FIELDS | SALEOR_OWNED_ROOT_FIELDS
                fields = [field for field in fields if field.name.value not in hidden]
            definition.directives = tuple(directives)
            definition.fields = tuple(fields)
        definitions.append(definition)
    document.definitions = tuple(definitions)
    return document


def subgraph_sdl(schema: GraphQLSchema) -> str:
    link = f'extend schema @link(url: "{FEDERATION_SPEC}", import: ["@key", "@shareable"])\n\n'
    return link + print_ast(_federated(parse(print_schema(schema)))) + "\n"


@cache
def cached_subgraph_sdl(schema: GraphQLSchema) -> str:
    return subgraph_sdl(schema)
