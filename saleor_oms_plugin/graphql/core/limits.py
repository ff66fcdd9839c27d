"""Depth and complexity limits: validation rules that refuse costly documents before execution.

*Depth* is the deepest chain of nested selections of an operation (fragments expanded;
introspection exempt).
*Complexity* estimates the objects a response can hold: every field costs 1, and what is
selected below a field counts once per row it may return:

- a paginated field (one the schema gives a ``first`` argument) returns ``first`` rows, capped
  at the page size, and the page size when ``first`` is absent;
- a field answering a list argument (``_entities(representations:)``,
  ``variantAvailability(variantIds:)``, a cart's ``lines``) returns a row per item of that list,
  literal or from the variables, capped at the most one call accepts.

Aliases are separate fields, so they add up. Both limits come from settings
(``GRAPHQL_MAX_DEPTH``, ``GRAPHQL_MAX_COMPLEXITY``) and failures are ordinary validation errors
with ``extensions.code`` ``QUERY_TOO_DEEP`` / ``QUERY_TOO_COMPLEX``.

Each fragment is measured once per document (however often it is spread), and measuring stops
as soon as the limit is passed, so the cost of checking is linear in the document's size.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    NullValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    VariableNode,
    get_named_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

from saleor_oms_plugin.graphql.errors import OmsGraphQLErrorCode

# Introspection nests deeply by design (``ofType`` chains) and is bounded by the schema: it is
# exempt from the depth limit but still counts towards complexity.
INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})
PAGE_ARGUMENT = "first"


def _entities_cap() -> int:
    return int(settings.GRAPHQL_MAX_ENTITIES)


def _page_cap() -> int:
    return int(settings.GRAPHQL_MAX_PAGE_SIZE)


# Fields that return a row per item of one of their list arguments: (field, argument) -> the
# most items one call accepts (the resolvers refuse more).
LIST_ARGUMENTS: dict[tuple[str, str], Callable[[], int]] = {
    ("_entities", "representations"): _entities_cap,
    ("variantAvailability", "variantIds"): _page_cap,
    ("channelAvailability", "variantIds"): _page_cap,
    ("pickupAvailability", "lines"): _page_cap,
}

_META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}


class _Measure:
    """Depth and complexity of selection sets, fragments measured once each.

    ``visited`` counts the fields looked at, so tests can check the work stays linear.
    """

    def __init__(
        self,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        schema: GraphQLSchema | None = None,
        *,
        limit: int | None = None,
    ):
        self.fragments = fragments
        self.variables = variables
        self.schema = schema
        self.page_size: int = settings.GRAPHQL_MAX_PAGE_SIZE
        # Anything above ``limit`` is refused, so counting stops there.
        self.limit = limit
        self.visited = 0
        self._depths: dict[str, int] = {}
        self._costs: dict[str, int] = {}
        self._measuring: set[str] = set()  # fragments being measured: cycles count nothing

    # -- types -----------------------------------------------------------------------------

    def _type_named(self, name: str | None) -> GraphQLNamedType | None:
        if self.schema is None or name is None:
            return None
        return self.schema.get_type(name)

    def _field_def(self, parent: GraphQLNamedType | None, field: FieldNode) -> GraphQLField | None:
        name = field.name.value
        if name in _META_FIELDS and self.schema is not None:
            return _META_FIELDS[name]
        if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
            return parent.fields.get(name)
        return None

    def _fragment(self, name: str) -> FragmentDefinitionNode | None:
        if name in self._measuring:
            return None  # a cycle: NoFragmentCyclesRule reports it
        return self.fragments.get(name)

    # -- depth -----------------------------------------------------------------------------

    def depth(self, selection_set: SelectionSetNode | None) -> int:
        deepest = 0
        for selection in selection_set.selections if selection_set else ():
            self.visited += 1
            if isinstance(selection, FieldNode):
                if selection.name.value not in INTROSPECTION_ROOTS:
                    deepest = max(deepest, 1 + self.depth(selection.selection_set))
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(deepest, self.depth(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                deepest = max(deepest, self._fragment_depth(selection.name.value))
        return deepest

    def _fragment_depth(self, name: str) -> int:
        if name not in self._depths:
            fragment = self._fragment(name)
            if fragment is None:
                return 0
            self._measuring.add(name)
            self._depths[name] = self.depth(fragment.selection_set)
            self._measuring.discard(name)
        return self._depths[name]

    # -- complexity ------------------------------------------------------------------------

    def _passed(self, cost: int) -> bool:
        return self.limit is not None and cost > self.limit

    def complexity(
        self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None = None
    ) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            self.visited += 1
            if isinstance(selection, FieldNode):
                total += self._field_cost(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self._type_named(condition.name.value) if condition else parent
                total += self.complexity(selection.selection_set, inner)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment_cost(selection.name.value)
            if self._passed(total):
                break
        return total

    def _fragment_cost(self, name: str) -> int:
        if name not in self._costs:
            fragment = self._fragment(name)
            if fragment is None:
                return 0
            self._measuring.add(name)
            condition = self._type_named(fragment.type_condition.name.value)
            self._costs[name] = self.complexity(fragment.selection_set, condition)
            self._measuring.discard(name)
        return self._costs[name]

    def _field_cost(self, field: FieldNode, parent: GraphQLNamedType | None) -> int:
        definition = self._field_def(parent, field)
        if field.selection_set is None:
            return 1
        inner = get_named_type(definition.type) if definition else None
        below = self.complexity(field.selection_set, inner)
        return 1 + self._rows(field, definition) * below

    # -- rows ------------------------------------------------------------------------------

    def _argument(self, field: FieldNode, name: str) -> tuple[bool, Any]:
        """Whether ``field`` was given argument ``name``, and its value as far as known."""
        for argument in field.arguments or ():
            if argument.name.value != name:
                continue
            value = argument.value
            if isinstance(value, VariableNode):
                return True, self.variables.get(value.name.value)
            if isinstance(value, IntValueNode):
                return True, int(value.value)
            if isinstance(value, ListValueNode):
                return True, list(value.values)
            if isinstance(value, NullValueNode):
                return True, None
            return True, value
        return False, None

    def _page_rows(self, field: FieldNode) -> int:
        _, first = self._argument(field, PAGE_ARGUMENT)
        if isinstance(first, int) and not isinstance(first, bool) and first >= 0:
            return min(first, self.page_size)
        return self.page_size

    def _rows(self, field: FieldNode, definition: GraphQLField | None) -> int:
        rows = 1
        if definition is None:
            # Not in the schema (validation reports it) or no schema: go by what was written.
            if self._argument(field, PAGE_ARGUMENT)[0]:
                rows = self._page_rows(field)
            return rows
        if PAGE_ARGUMENT in definition.args:
            rows = self._page_rows(field)
        for (field_name, argument_name), cap in LIST_ARGUMENTS.items():
            if field.name.value == field_name and argument_name in definition.args:
                _, items = self._argument(field, argument_name)
                count = len(items) if isinstance(items, list) else 1
                rows *= max(1, min(count, cap()))
        return rows


def _operation_name(operation: OperationDefinitionNode) -> str:
    return f"'{operation.name.value}'" if operation.name else "The operation"


def limit_rules(variables: Mapping[str, Any] | None) -> list[type[ASTValidationRule]]:
    """The depth and complexity rules for one request (complexity reads its variables)."""
    values = dict(variables or {})

    class _LimitRule(ASTValidationRule):
        limit: int | None = None

        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            fragments = {
                definition.name.value: definition
                for definition in context.document.definitions
                if isinstance(definition, FragmentDefinitionNode)
            }
            self.measure = _Measure(fragments, values, context.schema, limit=self.limit)

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
        def __init__(self, context: ValidationContext) -> None:
            self.limit = settings.GRAPHQL_MAX_COMPLEXITY
            super().__init__(context)

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            limit: int = settings.GRAPHQL_MAX_COMPLEXITY
            schema = self.measure.schema
            root = schema.get_root_type(node.operation) if schema else None
            cost = self.measure.complexity(node.selection_set, root)
            if cost > limit:
                self.report_error(
                    GraphQLError(
                        f"{_operation_name(node)} may return more than {limit} objects "
                        f"(at least {cost}). Ask for smaller pages (first) or fewer fields.",
                        node,
                        extensions={"code": OmsGraphQLErrorCode.QUERY_TOO_COMPLEX.value},
                    )
                )

    return [MaxDepthRule, MaxComplexityRule]
