"""``/graphql/``: the HTTP edge of the schema.

POST takes ``{query, variables, operationName}`` as JSON; GET takes the same as query
parameters and runs queries only (a GET must never change anything). Every failure, including
those before execution, is answered in the GraphQL ``errors`` shape with ``extensions.code``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from graphql import (
    DocumentNode,
    GraphQLError,
    Node,
    OperationDefinitionNode,
    OperationType,
    StringValueNode,
    execute_sync,
    parse,
    specified_rules,
    validate,
)

from saleor_oms_plugin.core.http import json_response, read_limited_body, with_retry_after
from saleor_oms_plugin.core.json_body import JsonBodyError, json_loads_strict
from saleor_oms_plugin.graphql.auth import anonymous_viewer, authenticate
from saleor_oms_plugin.graphql.context import OmsContext
from saleor_oms_plugin.graphql.core.dataloaders import ClearLoadersPerMutation
from saleor_oms_plugin.graphql.core.limits import limit_rules
from saleor_oms_plugin.graphql.errors import (
    AuthenticationFailed,
    OmsGraphQLErrorCode,
    format_error,
    request_error,
)
from saleor_oms_plugin.graphql.rate_limits import RateLimited, graphql_rate_limit_check
from saleor_oms_plugin.graphql.schema import schema

MAX_BODY_BYTES = 1024 * 1024
# Parsing is linear in tokens; no legitimate document comes near this.
MAX_TOKENS = 20_000


class _BadRequest(Exception):
    def __init__(self, code: OmsGraphQLErrorCode, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _errors(status: int, *errors: dict[str, Any]) -> HttpResponse:
    return json_response({"errors": list(errors)}, status=status)


def _params_from_post(request: HttpRequest) -> dict[str, Any]:
    body = read_limited_body(request, MAX_BODY_BYTES)
    if body is None:
        raise _BadRequest(
            OmsGraphQLErrorCode.REQUEST_TOO_LARGE, "The request body exceeds 1 MiB.", status=413
        )
    try:
        params = json_loads_strict(body)
    except JsonBodyError as exc:
        raise _BadRequest(OmsGraphQLErrorCode.MALFORMED_REQUEST, f"The body {exc}.") from None
    if not isinstance(params, dict):
        raise _BadRequest(OmsGraphQLErrorCode.MALFORMED_REQUEST, "The body must be a JSON object.")
    return params


def _params_from_get(request: HttpRequest) -> dict[str, Any]:
    params: dict[str, Any] = {
        "query": request.GET.get("query"),
        "operationName": request.GET.get("operationName"),
    }
    raw_variables = request.GET.get("variables")
    if raw_variables:
        try:
            params["variables"] = json_loads_strict(raw_variables)
        except JsonBodyError as exc:
            raise _BadRequest(OmsGraphQLErrorCode.MALFORMED_REQUEST, f"variables {exc}.") from None
    return params


def _document(params: dict[str, Any]) -> tuple[DocumentNode, dict[str, Any] | None, str | None]:
    query, variables, operation_name = (
        params.get("query"),
        params.get("variables"),
        params.get("operationName"),
    )
    if not isinstance(query, str) or not query.strip():
        raise _BadRequest(
            OmsGraphQLErrorCode.MALFORMED_REQUEST, "query must be a non-empty string."
        )
    if variables is not None and not isinstance(variables, dict):
        raise _BadRequest(OmsGraphQLErrorCode.MALFORMED_REQUEST, "variables must be an object.")
    if operation_name is not None and not isinstance(operation_name, str):
        raise _BadRequest(OmsGraphQLErrorCode.MALFORMED_REQUEST, "operationName must be a string.")
    try:
        document = parse(query, max_tokens=MAX_TOKENS)
    except GraphQLError as exc:
        raise _BadRequest(OmsGraphQLErrorCode.GRAPHQL_PARSE_FAILED, exc.message) from None
    # The variables went through json_loads_strict (the parser refuses lone surrogates in the
    # document itself). PostgreSQL text cannot hold U+0000: refused here rather than failing
    # in a query.
    if any(isinstance(node, StringValueNode) and "\x00" in node.value for node in _nodes(document)):
        raise _BadRequest(
            OmsGraphQLErrorCode.MALFORMED_REQUEST, "Strings must not contain U+0000 (NUL)."
        )
    return document, variables, operation_name


def _nodes(node: Node) -> Iterator[Node]:
    yield node
    for key in node.keys:
        child = getattr(node, key, None)
        for item in child if isinstance(child, tuple | list) else (child,):
            if isinstance(item, Node):
                yield from _nodes(item)


def _operation_type(document: DocumentNode, operation_name: str | None) -> OperationType | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    for operation in operations:
        if operation_name is None and len(operations) == 1:
            return operation.operation
        if operation.name is not None and operation.name.value == operation_name:
            return operation.operation
    return None  # execution reports the unknown or ambiguous operation


def _validation_error(error: GraphQLError) -> dict[str, Any]:
    # The limit rules carry their own code (QUERY_TOO_DEEP, QUERY_TOO_COMPLEX).
    code = (error.extensions or {}).get("code", OmsGraphQLErrorCode.GRAPHQL_VALIDATION_FAILED.value)
    return {**error.formatted, "extensions": {"code": code}}


def _rate_limited(limited: RateLimited) -> HttpResponse:
    error = request_error(OmsGraphQLErrorCode.RATE_LIMITED, limited.message)
    error["extensions"]["retryAfter"] = limited.retry_after
    return with_retry_after(_errors(429, error), limited.retry_after)


@csrf_exempt
def graphql_view(request: HttpRequest) -> HttpResponse:
    if request.method not in {"GET", "POST"}:
        response = _errors(
            405,
            request_error(OmsGraphQLErrorCode.METHOD_NOT_ALLOWED, "Use POST (or GET for queries)."),
        )
        response["Allow"] = "GET, POST"
        return response
    try:
        params = (
            _params_from_post(request) if request.method == "POST" else _params_from_get(request)
        )
        document, variables, operation_name = _document(params)
        if request.method == "GET" and _operation_type(document, operation_name) not in {
            OperationType.QUERY,
            None,
        }:
            raise _BadRequest(
                OmsGraphQLErrorCode.METHOD_NOT_ALLOWED, "Only queries may be sent with GET.", 405
            )
    except _BadRequest as exc:
        return _errors(exc.status, request_error(exc.code, exc.message))

    rules = [*specified_rules, *limit_rules(variables)]
    validation_errors = validate(schema.graphql_schema, document, rules)
    if validation_errors:
        return _errors(400, *(_validation_error(error) for error in validation_errors))
    # Credentials are checked after the document: a malformed request is 400 whoever sends it.
    try:
        viewer = authenticate(request)
    except AuthenticationFailed as exc:
        # Failed attempts count against the caller's address, as anonymous requests do.
        try:
            graphql_rate_limit_check(request, anonymous_viewer())
        except RateLimited as limited:
            return _rate_limited(limited)
        return _errors(401, format_error(exc))
    try:
        graphql_rate_limit_check(request, viewer)
    except RateLimited as limited:
        return _rate_limited(limited)

    result = execute_sync(
        schema.graphql_schema,
        document,
        variable_values=variables,
        operation_name=operation_name,
        context_value=OmsContext(request=request, viewer=viewer),
        # Only mutations need it: it runs for every field.
        middleware=(
            [ClearLoadersPerMutation()]
            if _operation_type(document, operation_name) is OperationType.MUTATION
            else None
        ),
    )
    payload: dict[str, Any] = {}
    status = 200
    if result.errors:
        payload["errors"] = [format_error(error) for error in result.errors]
        if any(isinstance(error.original_error, AuthenticationFailed) for error in result.errors):
            status = 401
    payload["data"] = result.data
    return json_response(payload, status=status)
