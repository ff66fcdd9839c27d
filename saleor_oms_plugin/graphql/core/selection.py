"""What the query asks for, so resolvers can prefetch exactly the relations it will read."""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLResolveInfo,
    InlineFragmentNode,
    SelectionSetNode,
)


def _fields(
    selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode]
) -> list[FieldNode]:
    found: list[FieldNode] = []
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            found.append(selection)
        elif isinstance(selection, InlineFragmentNode):
            found.extend(_fields(selection.selection_set, fragments))
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                found.extend(_fields(fragment.selection_set, fragments))
    return found


def selected_fields(info: GraphQLResolveInfo, *path: str) -> set[str]:
    """Names selected below ``path`` of the current field (fragments included, directives not).

    Ignoring ``@skip``/``@include`` can only cause a prefetch that was not needed.
    """
    nodes = list(info.field_nodes)
    for name in path:
        nodes = [
            child
            for node in nodes
            for child in _fields(node.selection_set, info.fragments)
            if child.name.value == name
        ]
    return {
        child.name.value for node in nodes for child in _fields(node.selection_set, info.fragments)
    }
