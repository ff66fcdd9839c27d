"""Depth and complexity limits: validation rules that refuse costly documents before execution.

*Depth* is the deepest chain of nested selections of an operation (fragments expanded;
introspection exempt).
*Complexity* estimates the objects a response can hold: every field costs 1, and what is
selected below a paginated field (one with ``first``) counts once per row it may return
(``first``, capped at the page size; the page size when absent). Both limits come from
settings (``GRAPHQL_MAX_DEPTH``, ``GRAPHQL_MAX_COMPLEXITY``) and failures are ordinary
validation errors with ``extensions.code`` ``QUERY_TOO_DEEP`` / ``QUERY_TOO_COMPLEX``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    VariableNode,
)

from saleor_oms_plugin.graphql.errors import OmsGraphQLErrorCode

# Introspection nests deeply by design (``ofType`` chains) and is bounded by the schema: it is
# exempt from the depth limit but still counts towards complexity.
INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


class _Measure:
    def __init__(
        self, fragments: Mapping[str, FragmentDefinitionNode], variables: Mapping[str, Any]
    ):
        self.fragments = fragments
        self.variables = variables
        self.page_size: int = settings.GRAPHQL_MAX_PAGE_SIZE

    def _fields(
        self, selection_set: SelectionSetNode | None, seen: frozenset[str]
    ) -> list[FieldNode]:
        fields: list[FieldNode] = []
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                fields.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                fields.extend(self._fields(selection.selection_set, seen))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:  # cycles are reported elsewhere
                    fields.extend(self._fields(fragment.selection_set, seen | {name}))
        return fields

    def depth(
        self, selection_set: SelectionSetNode | None, seen: frozenset[str] = frozenset()
    ) -> int:
        return max(
            (
                1 + self.depth(field.selection_set, seen)
                for field in self._fields(selection_set, seen)
                if field.name.value not in INTROSPECTION_ROOTS
            ),
            default=0,
        )

    def _rows(self, field: FieldNode) -> int:
        for argument in field.arguments or ():
            if argument.name.value != "first":
                continue
            value: Any = None
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                value = self.variables.get(argument.value.name.value)
            if isinstance(value, int) and value >= 0:
                return min(value, self.page_size)
            return self.page_size
        return 1

    def complexity(
        self, selection_set: SelectionSetNode | None, seen: frozenset[str] = frozenset()
    ) -> int:
        total = 0
        for field in self._fields(selection_set, seen):
            total += 1 + self._rows(field) * self.complexity(field.selection_set, seen)
        return total


def _operation_name(operation: OperationDefinitionNode) -> str:
    return f"'{operation.name.value}'" if operation.name else "The operation"


def limit_rules(variables: Mapping[str, Any] | None) -> list[type[ASTValidationRule]]:
    """The depth and complexity rules for one request (complexity reads its variables)."""
    values = dict(variables or {})

    class _LimitRule(ASTValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            fragments = {
                definition.name.value: definition
                for definition in context.document.definitions
                if isinstance(definition, FragmentDefinitionNode)
            }
            self.measure = _Measure(fragments, values)

    class MaxDepthRule(_LimitRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            limit: int = settings.GRAPHQL_MAX_DEPTH
            depth = self.measure.depth(node.selection_set)
            if depth > limit:
                self.report_error(
                    GraphQLError(
                        f"{_operation_name(node)} is nested {depth} levels deep; "
                        f"at most {limit} are allowed.",
                        node,
                        extensions={"code": OmsGraphQLErrorCode.QUERY_TOO_DEEP.value},
                    )
                )

    class MaxComplexityRule(_LimitRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            limit: int = settings.GRAPHQL_MAX_COMPLEXITY
            cost = self.measure.complexity(node.selection_set)
            if cost > limit:
                self.report_error(
                    GraphQLError(
                        f"{_operation_name(node)} may return {cost} objects; at most {limit} "
                        "are allowed. Ask for smaller pages (first) or fewer fields.",
                        node,
                        extensions={"code": OmsGraphQLErrorCode.QUERY_TOO_COMPLEX.value},
                    )
                )

    return [MaxDepthRule, MaxComplexityRule]
