"""Location-scoped callers: one check before every root field, declared per field.

An API key may be scoped to one location (a 3PL's warehouse, a store). Such a caller sees and
acts on only that location's work. Every root field says how it honours the scope, and the
check runs before its resolver (queries: :func:`location_scope_guard` wraps them all when the
schema is built; mutations: :class:`~saleor_oms_plugin.graphql.core.mutations.DeclaredResolver`
runs it after the access check). A field that declares nothing is refused to scoped callers,
so a new field cannot leak other locations by forgetting it:

- :class:`ByArgument`: the field names its location in an argument (``location_id`` or
  ``input.location_id``). Another location is refused with a permission error; an optional
  argument left out is filled with the caller's location, so lists show only its work.
- :class:`ByRow`: the field names a row by id; ``locate`` finds the row's location, and a row
  of another location answers exactly as a missing one (``not_found``), so foreign ids reveal
  nothing.
- :class:`LocationFree`: the field shows or changes nothing of any location's work (the
  caller itself, product data); ``reason`` says why, for reviewers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import graphene
from graphene.utils.str_converters import to_camel_case
from graphql import GraphQLResolveInfo, GraphQLSchema, default_field_resolver
from graphql_relay import to_global_id

from saleor_oms_plugin.graphql.auth import Viewer
from saleor_oms_plugin.graphql.context import viewer_of
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode

LOCATION_TYPE = "OmsLocation"


class LocationScopeDenied(OmsGraphQLError):
    """A location-scoped caller asked for something outside its location."""

    def __init__(self, message: str) -> None:
        super().__init__(
            OmsGraphQLErrorCode.PERMISSION_DENIED, message, extra={"locationScoped": True}
        )


class LocationRule(Protocol):
    """How one root field honours a caller's location scope."""

    def narrow(self, *, scope: int, tenant_id: int, arguments: dict[str, Any]) -> dict[str, Any]:
        """The arguments the resolver runs with for a caller scoped to ``scope``; raises
        when the call reaches outside it."""
        ...


def _location_pk(global_id: str) -> int:
    # Imported late: graphql.locations imports this module's siblings.
    from saleor_oms_plugin.graphql.core.relay import pk_from_global_id

    return pk_from_global_id(global_id, expected_type=LOCATION_TYPE)


@dataclass(frozen=True)
class ByArgument:
    """The location is an argument (``path``: ``location_id`` or ``input.location_id``)."""

    path: str = "location_id"

    def narrow(self, *, scope: int, tenant_id: int, arguments: dict[str, Any]) -> dict[str, Any]:
        *parents, name = self.path.split(".")
        arguments = dict(arguments)
        holder: dict[str, Any] = arguments
        for parent in parents:
            inner = holder.get(parent)
            if not isinstance(inner, Mapping):
                return arguments  # a required input missing: validation already refused it
            holder[parent] = dict(inner)
            holder = holder[parent]
        value = holder.get(name)
        if value is None:
            holder[name] = to_global_id(LOCATION_TYPE, scope)
        elif _location_pk(value) != scope:
            raise LocationScopeDenied(
                "This API key is scoped to one location and cannot act on another."
            )
        return arguments


@dataclass(frozen=True)
class ByRow:
    """The field names a row: ``locate(tenant_id, arguments)`` gives its location (None when
    there is no such row, left to the resolver); ``not_found(arguments)`` is what a missing
    row raises, raised as well for a row of another location."""

    locate: Callable[[int, dict[str, Any]], int | None]
    not_found: Callable[[dict[str, Any]], Exception]

    def narrow(self, *, scope: int, tenant_id: int, arguments: dict[str, Any]) -> dict[str, Any]:
        located = self.locate(tenant_id, arguments)
        if located is not None and located != scope:
            raise self.not_found(arguments)
        return arguments


@dataclass(frozen=True)
class LocationFree:
    """Nothing of any location's work is shown or changed (``reason`` says why)."""

    reason: str

    def narrow(self, *, scope: int, tenant_id: int, arguments: dict[str, Any]) -> dict[str, Any]:
        return arguments


def location_narrow(
    rule: LocationRule | None, viewer: Viewer, arguments: dict[str, Any], *, field: str
) -> dict[str, Any]:
    """The one check: the arguments a field runs with for ``viewer``. Unscoped callers pass
    untouched; a scoped caller is refused fields without a rule."""
    scope = viewer.location_id
    if scope is None or viewer.tenant is None:
        return arguments
    if rule is None:
        raise LocationScopeDenied(
            f"This API key is scoped to one location; {field} is not limited to a location, "
            "so it is not available to it."
        )
    return rule.narrow(scope=scope, tenant_id=viewer.tenant.pk, arguments=arguments)


# Query fields' rules by their GraphQL name, declared beside the fields.
_QUERY_RULES: dict[str, LocationRule] = {}


def location_scope_declare(mixin: type[graphene.ObjectType], **rules: LocationRule) -> None:
    """Declare how query fields of ``mixin`` (by their Python names) honour a location scope."""
    fields = mixin._meta.fields
    for name, rule in rules.items():
        if name not in fields:
            raise ValueError(f"{mixin.__name__} has no field {name!r}.")
        _QUERY_RULES[to_camel_case(name)] = rule


def query_rules() -> Mapping[str, LocationRule]:
    return dict(_QUERY_RULES)


class ScopedResolver:
    """A query field's resolver behind the location check."""

    def __init__(self, field: str, rule: LocationRule | None, resolve: Callable[..., Any]) -> None:
        self.field = field
        self.rule = rule
        self.resolve = resolve

    def __call__(self, root: Any, info: GraphQLResolveInfo, **arguments: Any) -> Any:
        arguments = location_narrow(self.rule, viewer_of(info), arguments, field=self.field)
        return self.resolve(root, info, **arguments)


# Fields of types a scoped caller reaches (an order through its release) that would show
# other locations' work: refused to scoped callers, by type name.
_REFUSED_FIELDS: dict[str, set[str]] = {}


def location_scope_refuse(type_name: str, *fields: str) -> None:
    """Refuse ``fields`` (GraphQL names) of ``type_name`` to location-scoped callers."""
    _REFUSED_FIELDS.setdefault(type_name, set()).update(fields)


def refused_fields() -> Mapping[str, frozenset[str]]:
    return {name: frozenset(fields) for name, fields in _REFUSED_FIELDS.items()}


def location_scope_guard(schema: GraphQLSchema) -> None:
    """Put every query field behind the check, and the refused fields of nested types
    (once, when the schema is built)."""
    query = schema.query_type
    if query is not None:
        for name, field in query.fields.items():
            if not isinstance(field.resolve, ScopedResolver):
                field.resolve = ScopedResolver(
                    name, _QUERY_RULES.get(name), field.resolve or default_field_resolver
                )
    for type_name, names in _REFUSED_FIELDS.items():
        object_type = schema.get_type(type_name)
        fields = getattr(object_type, "fields", None)
        if fields is None:
            raise ValueError(f"No object type {type_name} to refuse fields of.")
        for name in names:
            field = fields[name]
            if not isinstance(field.resolve, ScopedResolver):
                label = f"{type_name}.{name}"
                field.resolve = ScopedResolver(label, None, field.resolve or default_field_resolver)
