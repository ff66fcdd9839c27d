"""Mutations: payload conventions and the one way a mutation is declared.

Every payload has ``errors: [Oms<Domain>Error!]!``: expected refusals (invalid input, a state
that forbids the change) are data the client renders, each with ``field``, ``message`` and a
``code`` from that domain's enum. Only authentication, permission and malformed-ID failures
are top-level GraphQL errors.

Every mutation is a function declared with :func:`mutation` in its domain's mixin::

    @mutation(
        OmsRoutingPlanPayload,
        access=Requires(MANAGE_ORDERS),
        errors=FULFILMENT_ERRORS,
        description="Route an order now.",
        order_id=graphene.ID(required=True),
    )
    def route_order(caller: Caller, order_id: str) -> OmsRoutingPlanPayload: ...

The declaration checks the access before the function runs, answers the domain refusals it
raises with the payload's ``errors`` and ends the description with who may call it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.core.errors import DomainError
from saleor_oms_plugin.graphql.auth import Viewer
from saleor_oms_plugin.graphql.core.location_scope import LocationRule, location_narrow
from saleor_oms_plugin.graphql.errors import PermissionDenied
from saleor_oms_plugin.graphql.permissions import Access
from saleor_oms_plugin.tenants.models import Tenant


class OmsError(graphene.Interface):
    field = graphene.String(
        description="The input field the error is about; null for the whole input."
    )
    message = graphene.String(required=True, description="A human-readable explanation.")


def error_type(name: str, code_enum: type[graphene.Enum]) -> type[graphene.ObjectType]:
    """``Oms<Domain>Error``: the OmsError shape with the domain's enum as ``code``."""
    return type(
        name,
        (graphene.ObjectType,),
        {
            "Meta": type("Meta", (), {"interfaces": (OmsError,)}),
            "code": graphene.Field(code_enum, required=True),
        },
    )


@dataclass(frozen=True)
class Problem:
    """One payload error: ``code`` a member of the domain's code enum."""

    field: str | None
    code: Enum
    message: str


def single_problem(exc: DomainError) -> list[Problem]:
    return [Problem(exc.field, exc.code, exc.message)]


class PayloadErrors:
    """How one domain's refusals become payload errors: ``raised`` (the domain's ``*Error``)
    is reported as ``type`` (its ``Oms<Domain>Error``), one error per problem ``problems``
    finds in it (by default the refusal's own field, code and message)."""

    def __init__(
        self,
        type: Any,
        raised: type[DomainError],
        *,
        problems: Callable[[Any], list[Problem]] = single_problem,
    ) -> None:
        self.type = type
        self.raised = raised
        self.problems = problems

    def field(self) -> graphene.List:
        """A payload's ``errors`` field: ``[<type>!]!``."""
        return graphene.List(graphene.NonNull(self.type), required=True)

    def of(self, exc: DomainError) -> list[Any]:
        """The payload errors for a refusal (its codes must exist in the domain's enum)."""
        return [
            self.type(field=problem.field, message=problem.message, code=problem.code.value)
            for problem in self.problems(exc)
        ]


@dataclass(frozen=True)
class Caller:
    """Who calls a mutation, once its access let them through."""

    info: GraphQLResolveInfo
    viewer: Viewer

    @property
    def tenant(self) -> Tenant:
        tenant = self.viewer.tenant
        if tenant is None:  # never, behind Requires: it asks for a tenant
            raise PermissionDenied([])
        return tenant

    @property
    def location_scope(self) -> int | None:
        """The one location a scoped API key acts on; None for everyone else."""
        return self.viewer.location_id

    def actor(self) -> Actor:
        return self.viewer.actor()


Refused = Callable[[Caller], dict[str, Any]]


@dataclass(frozen=True)
class Declaration:
    """What :func:`mutation` declared, kept on the resolver the schema runs."""

    payload: type[graphene.ObjectType]
    access: Access
    errors: PayloadErrors
    refused: Refused | None
    location: LocationRule | None = None


class DeclaredResolver:
    """The resolver the schema runs for a declared mutation: the access check, the location
    scope (``location_scope``), then the mutation's function, its domain's refusals answered
    as the payload with ``errors``."""

    def __init__(self, declaration: Declaration, function: Callable[..., Any]) -> None:
        self.declaration = declaration
        self.function = function

    def __call__(self, root: Any, info: GraphQLResolveInfo, **arguments: Any) -> Any:
        declaration = self.declaration
        caller = Caller(info=info, viewer=declaration.access.check(info))
        try:
            arguments = location_narrow(
                declaration.location, caller.viewer, arguments, field=info.field_name
            )
            return self.function(caller, **arguments)
        except declaration.errors.raised as exc:
            values = declaration.refused(caller) if declaration.refused else {}
            return declaration.payload(errors=declaration.errors.of(exc), **values)


def mutation(
    payload: type[graphene.ObjectType],
    *,
    access: Access,
    errors: PayloadErrors,
    description: str = "",
    refused: Refused | None = None,
    location: LocationRule | None = None,
    **arguments: Any,
) -> Callable[[Callable[..., Any]], graphene.Field]:
    """Make the decorated function (``caller`` and the arguments) the mutation of its name:
    who may call it (``access``), how its domain's refusals are reported (``errors``, which
    must be the payload's ``errors`` type), its ``arguments``.

    ``refused`` gives the payload's other values when a refusal is reported (those it must
    not leave null). ``location`` says how the mutation honours a location-scoped API key
    (``graphql.core.location_scope``); without it such keys are refused. The description ends
    with the sentence of ``access``.
    """
    _check_errors_field(payload, errors)
    line = access.describe()
    declaration = Declaration(
        payload=payload, access=access, errors=errors, refused=refused, location=location
    )

    def declare(function: Callable[..., Any]) -> graphene.Field:
        return graphene.Field(
            graphene.NonNull(payload),
            resolver=DeclaredResolver(declaration, function),
            description=f"{description} {line}" if description else line,
            **arguments,
        )

    return declare


def _check_errors_field(payload: type[graphene.ObjectType], errors: PayloadErrors) -> None:
    field = payload._meta.fields.get("errors")
    shape: list[type[Any]] = []
    of_type = field.type if field is not None else None
    while isinstance(of_type, graphene.NonNull | graphene.List):
        shape.append(type(of_type))
        of_type = of_type.of_type
    if shape != [graphene.NonNull, graphene.List, graphene.NonNull] or of_type is not errors.type:
        raise TypeError(
            f"{payload.__name__}.errors must be [{errors.type}!]!, the declared error type."
        )
