"""The mutation declaration: access checked before the function, domain refusals as payload
errors, the access sentence in the description, and every mutation of the schema declared."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import graphene
import pytest
from graphql import GraphQLSchema

from saleor_oms_plugin.core.errors import DomainError
from saleor_oms_plugin.graphql.auth import Viewer, ViewerKind
from saleor_oms_plugin.graphql.context import OmsContext
from saleor_oms_plugin.graphql.core.mutations import (
    Caller,
    DeclaredResolver,
    PayloadErrors,
    Problem,
    error_type,
    mutation,
)
from saleor_oms_plugin.graphql.errors import PermissionDenied
from saleor_oms_plugin.graphql.permissions import (
    MANAGE_APPS,
    MANAGE_ORDERS,
    MANAGE_PRODUCTS,
    CheckedByResolver,
    Requires,
    require_any,
)
from saleor_oms_plugin.graphql.schema import schema
from saleor_oms_plugin.tenants.models import Tenant


class ToyCode(StrEnum):
    OUT_OF_STOCK = "OUT_OF_STOCK"
    TOO_MANY = "TOO_MANY"


class ToyError(DomainError):
    pass


class OtherDomainError(DomainError):
    pass


class ToyBatchError(ToyError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(ToyCode.TOO_MANY, "Several lines.")
        self.lines = problems


OmsToyErrorCode = graphene.Enum("OmsToyErrorCode", [(c.name, c.value) for c in ToyCode])
OmsToyError: Any = error_type("OmsToyError", OmsToyErrorCode)


def _line_problems(exc: ToyError) -> list[Problem]:
    if isinstance(exc, ToyBatchError):
        return [Problem(field, ToyCode.TOO_MANY, message) for field, message in exc.lines]
    return [Problem(exc.field, exc.code, exc.message)]


TOY_ERRORS = PayloadErrors(OmsToyError, ToyError, problems=_line_problems)


class OmsToyPayload(graphene.ObjectType):
    reserved = graphene.Int()
    attempted = graphene.Boolean(required=True)
    errors = TOY_ERRORS.field()


CALLS: list[Caller] = []


class ToyMutations(graphene.ObjectType):
    @mutation(
        OmsToyPayload,
        access=Requires(MANAGE_ORDERS, MANAGE_PRODUCTS),
        errors=TOY_ERRORS,
        refused=lambda caller: {"attempted": True},
        description="Reserve some units.",
        quantity=graphene.Int(required=True),
    )
    def toy_reserve(caller: Caller, quantity: int) -> OmsToyPayload:
        CALLS.append(caller)
        if quantity == 0:
            raise ToyError(ToyCode.OUT_OF_STOCK, "Nothing left.", field="quantity")
        if quantity < 0:
            raise ToyBatchError([("lines.0", "First."), ("lines.3", "Fourth.")])
        if quantity > 100:
            raise OtherDomainError(ToyCode.TOO_MANY, "Not ours to report.")
        return OmsToyPayload(reserved=quantity, attempted=True, errors=[])

    @mutation(OmsToyPayload, access=Requires(MANAGE_APPS, staff_only=True), errors=TOY_ERRORS)
    def toy_rotate(caller: Caller) -> OmsToyPayload:
        CALLS.append(caller)
        return OmsToyPayload(attempted=True, errors=[])


class ToyQuery(graphene.ObjectType):
    ok = graphene.Boolean()


TOY_SCHEMA = graphene.Schema(query=ToyQuery, mutation=ToyMutations)
RESERVE = "mutation($q: Int!) { toyReserve(quantity: $q) { reserved attempted errors { field message code } } }"


@pytest.fixture(autouse=True)
def _no_calls():
    CALLS.clear()


def viewer(kind: ViewerKind, *permissions: str) -> Viewer:
    return Viewer(kind=kind, tenant=Tenant(pk=7), _permissions=frozenset(permissions))


def run(query: str, who: Viewer, **variables: Any) -> Any:
    return TOY_SCHEMA.execute(
        query, variable_values=variables, context_value=OmsContext(request=None, viewer=who)
    )


def test_a_caller_without_the_permission_gets_the_error_require_any_gives():
    # given a staff member with a permission the mutation does not accept
    who = viewer(ViewerKind.STAFF, MANAGE_APPS)
    # when they call it
    result = run(RESERVE, who, q=1)
    # then the function never ran and the refusal is require_any's, word for word
    assert CALLS == []
    assert result.data is None
    [error] = result.errors
    assert isinstance(error.original_error, PermissionDenied)
    with pytest.raises(PermissionDenied) as expected:
        require_any(_info_of(who), [MANAGE_ORDERS, MANAGE_PRODUCTS])
    assert error.message == expected.value.message
    assert (
        error.extensions
        == expected.value.extensions
        == {
            "code": "PERMISSION_DENIED",
            "requiredPermissions": [MANAGE_ORDERS, MANAGE_PRODUCTS],
        }
    )


def test_customers_and_anonymous_callers_are_refused_the_same_way():
    for who in (viewer(ViewerKind.CUSTOMER), Viewer(kind=ViewerKind.ANONYMOUS)):
        result = run(RESERVE, who, q=1)
        assert [e.extensions["code"] for e in result.errors] == ["PERMISSION_DENIED"]
    assert CALLS == []


def test_a_holder_of_any_listed_permission_gets_through_with_their_tenant():
    # given an API key holding the second of the permissions
    who = viewer(ViewerKind.API_KEY, MANAGE_PRODUCTS)
    # when it calls the mutation
    result = run(RESERVE, who, q=3)
    # then the function ran for that viewer and tenant
    assert result.errors is None
    assert result.data["toyReserve"] == {"reserved": 3, "attempted": True, "errors": []}
    assert [(c.viewer, c.tenant.pk) for c in CALLS] == [(who, 7)]


def test_staff_only_refuses_an_api_key_that_holds_the_permission():
    rotate = "mutation { toyRotate { attempted } }"
    refused = run(rotate, viewer(ViewerKind.API_KEY, MANAGE_APPS))
    assert [e.extensions for e in refused.errors] == [
        {"code": "PERMISSION_DENIED", "requiredPermissions": [MANAGE_APPS]}
    ]
    for kind in (ViewerKind.STAFF, ViewerKind.APP_EXTENSION):
        assert run(rotate, viewer(kind, MANAGE_APPS)).data == {"toyRotate": {"attempted": True}}


def test_a_domain_refusal_is_the_payload_errors_with_the_refused_values():
    # when the function raises its domain's error
    result = run(RESERVE, viewer(ViewerKind.STAFF, MANAGE_ORDERS), q=0)
    # then it is data, not a GraphQL error, and the required fields are filled
    assert result.errors is None
    assert result.data["toyReserve"] == {
        "reserved": None,
        "attempted": True,
        "errors": [{"field": "quantity", "message": "Nothing left.", "code": "OUT_OF_STOCK"}],
    }


def test_a_refusal_with_several_problems_reports_each():
    result = run(RESERVE, viewer(ViewerKind.STAFF, MANAGE_ORDERS), q=-1)
    assert result.data["toyReserve"]["errors"] == [
        {"field": "lines.0", "message": "First.", "code": "TOO_MANY"},
        {"field": "lines.3", "message": "Fourth.", "code": "TOO_MANY"},
    ]


def test_another_domain_refusal_stays_a_top_level_error():
    # an error of another domain may carry codes this payload's enum does not know
    result = run(RESERVE, viewer(ViewerKind.STAFF, MANAGE_ORDERS), q=101)
    assert result.data is None
    assert isinstance(result.errors[0].original_error, OtherDomainError)


def test_the_description_ends_with_the_access_sentence():
    fields = TOY_SCHEMA.graphql_schema.mutation_type.fields
    assert fields["toyReserve"].description == (
        "Reserve some units. Requires MANAGE_ORDERS or MANAGE_PRODUCTS."
    )
    assert fields["toyRotate"].description == "Staff with MANAGE_APPS."


@pytest.mark.parametrize(
    ("access", "sentence"),
    [
        (Requires(MANAGE_ORDERS), "Requires MANAGE_ORDERS."),
        (Requires(MANAGE_PRODUCTS, MANAGE_ORDERS), "Requires MANAGE_PRODUCTS or MANAGE_ORDERS."),
        (
            Requires(MANAGE_APPS, MANAGE_ORDERS, MANAGE_PRODUCTS),
            "Requires MANAGE_APPS, MANAGE_ORDERS or MANAGE_PRODUCTS.",
        ),
        (
            Requires(MANAGE_APPS, MANAGE_ORDERS, staff_only=True),
            "Staff with MANAGE_APPS or MANAGE_ORDERS.",
        ),
        (CheckedByResolver("Customers (their own orders)."), "Customers (their own orders)."),
    ],
)
def test_access_sentences(access, sentence):
    assert access.describe() == sentence


def test_the_payload_must_carry_the_declared_error_type():
    class OmsOtherPayload(graphene.ObjectType):
        errors = graphene.List(graphene.NonNull(graphene.String), required=True)

    with pytest.raises(TypeError, match="OmsOtherPayload.errors must be"):
        mutation(OmsOtherPayload, access=Requires(MANAGE_ORDERS), errors=TOY_ERRORS)


def undeclared_mutations(graphql_schema: GraphQLSchema) -> list[str]:
    """Mutations not made with @mutation, or whose description lacks their access sentence."""
    mutation_type = graphql_schema.mutation_type
    assert mutation_type is not None
    wrong = []
    for name, field in mutation_type.fields.items():
        resolver = field.resolve
        if not isinstance(resolver, DeclaredResolver) or not (field.description or "").endswith(
            resolver.declaration.access.describe()
        ):
            wrong.append(name)
    return wrong


def test_every_mutation_of_the_schema_is_declared():
    assert len(schema.graphql_schema.mutation_type.fields) > 40
    assert undeclared_mutations(schema.graphql_schema) == []


def test_a_mutation_without_a_declaration_is_found():
    # given a mutation written the old way, beside a declared one
    class Undeclared(ToyMutations):
        toy_plain = graphene.Field(graphene.NonNull(OmsToyPayload))

        @staticmethod
        def resolve_toy_plain(root: Any, info: Any) -> OmsToyPayload:
            return OmsToyPayload(attempted=True, errors=[])

    toy = graphene.Schema(query=ToyQuery, mutation=Undeclared)
    # then the walk names it, and only it
    assert undeclared_mutations(toy.graphql_schema) == ["toyPlain"]


def _info_of(who: Viewer) -> Any:
    class Info:
        context = OmsContext(request=None, viewer=who)

    return Info()
