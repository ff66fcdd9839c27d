"""Mutation payload conventions.

Every payload has ``errors: [Oms<Domain>Error!]!``: expected refusals (invalid input, a state
that forbids the change) are data the client renders, each with ``field``, ``message`` and a
``code`` from that domain's enum. Only authentication, permission and malformed-ID failures
are top-level GraphQL errors.
"""

from __future__ import annotations

from typing import Any

import graphene

from saleor_oms_plugin.core.errors import DomainError


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


def errors_from(exc: DomainError, error_cls: type[graphene.ObjectType]) -> list[Any]:
    """The payload errors for a domain refusal (its code must exist in the domain's enum)."""
    return [error_cls(field=exc.field, message=exc.message, code=exc.code.value)]
