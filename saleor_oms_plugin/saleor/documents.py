"""The GraphQL documents we send to Saleor, kept in ``.graphql`` files beside this module.

A document names the fragments it spreads; :func:`document` appends their definitions (and
those they spread in turn) from ``documents/fragments/``, so each fragment is written once and
shared by the import queries and the webhook subscriptions.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from graphql import (
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    OperationType,
    Visitor,
    parse,
    print_ast,
    visit,
)

GRAPHQL_DIR = Path(__file__).parent / "documents"


class _SpreadCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_args) -> None:
        self.names.add(node.name.value)


def _spreads(source: str) -> set[str]:
    collector = _SpreadCollector()
    visit(parse(source), collector)
    return collector.names


@lru_cache(maxsize=1)
def fragments() -> dict[str, str]:
    """Every shared fragment definition by name."""
    found: dict[str, str] = {}
    for path in sorted((GRAPHQL_DIR / "fragments").glob("*.graphql")):
        for definition in parse(path.read_text()).definitions:
            if isinstance(definition, FragmentDefinitionNode):
                found[definition.name.value] = print_ast(definition)
    return found


@cache
def document(name: str) -> str:
    """The full text of ``documents/<name>.graphql`` with the fragments it needs."""
    source = (GRAPHQL_DIR / f"{name}.graphql").read_text()
    known = fragments()
    needed: list[str] = []
    pending = sorted(_spreads(source))
    while pending:
        fragment = pending.pop()
        if fragment in needed:
            continue
        if fragment not in known:
            raise LookupError(f"{name}.graphql spreads unknown fragment {fragment}")
        needed.append(fragment)
        pending.extend(sorted(_spreads(known[fragment]) - set(needed)))
    return "\n\n".join([source.strip(), *(known[f] for f in sorted(needed))]) + "\n"


def document_names() -> list[str]:
    """Every query, mutation and subscription document, e.g. ``queries/orders_page``."""
    return sorted(
        str(path.relative_to(GRAPHQL_DIR).with_suffix(""))
        for path in GRAPHQL_DIR.rglob("*.graphql")
        if path.parent.name != "fragments"
    )


@lru_cache(maxsize=256)
def is_mutation(source: str) -> bool:
    """Whether a document changes something in Saleor (so must not be sent twice blindly)."""
    return any(
        isinstance(definition, OperationDefinitionNode)
        and definition.operation is OperationType.MUTATION
        for definition in parse(source).definitions
    )
