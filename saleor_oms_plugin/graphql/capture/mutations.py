"""Capture's mutations: sources (staff with MANAGE_APPS: they hold a secret) and the doors
that take orders in (orderImport, orderImportCsv: MANAGE_ORDERS, API keys included). Thin
edges over :mod:`saleor_oms_plugin.capture.services`."""

from __future__ import annotations

from typing import Any

import graphene

from saleor_oms_plugin.capture.corrections import captured_order_discard, captured_order_resubmit
from saleor_oms_plugin.capture.csv_rows import CsvInvalid, orders_from_csv
from saleor_oms_plugin.capture.error_codes import CaptureErrorCode
from saleor_oms_plugin.capture.errors import CapturedOrderInvalid, CaptureError
from saleor_oms_plugin.capture.models import CapturedOrder
from saleor_oms_plugin.capture.services import (
    CaptureAnswer,
    capture_source_create,
    capture_source_secret_rotate,
    orders_capture,
    source_for_capture,
)
from saleor_oms_plugin.graphql.capture.types import (
    PERMISSIONS,
    OmsCapturedOrder,
    OmsCaptureError,
    OmsCaptureSource,
    OmsOrderImportResult,
)
from saleor_oms_plugin.graphql.core.mutations import (
    Caller,
    PayloadErrors,
    Problem,
    mutation,
    single_problem,
)
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.permissions import MANAGE_APPS, Requires


def _problems(exc: CaptureError) -> list[Problem]:
    """A still-invalid correction reports every problem of the order, as an import does."""
    if isinstance(exc, CapturedOrderInvalid):
        return [Problem(p.field, p.code, p.message) for p in exc.problems]
    return single_problem(exc)


CAPTURE_ERRORS = PayloadErrors(OmsCaptureError, CaptureError, problems=_problems)
SOURCE_MANAGERS = Requires(MANAGE_APPS, staff_only=True)
IMPORTERS = Requires(*PERMISSIONS)


class OmsCaptureSourceInput(graphene.InputObjectType):
    code = graphene.String(required=True, description="Letters, digits, '-', '_'; unique.")
    name = graphene.String(required=True)
    channel_slug = graphene.String(required=True, description="The Saleor channel's slug.")
    warehouse_id = graphene.ID(
        required=True, description="A Saleor warehouse of the channel (order lines name one)."
    )
    shipping_method_id = graphene.ID(
        required=True,
        description="The Saleor ShippingMethod its orders ship with unless they name one "
        "(Saleor creates no order without one).",
    )
    tax_class_id = graphene.ID(
        required=True,
        description="The Saleor TaxClass of its order lines and shipping (Saleor 3.23 "
        "creates no order without one).",
    )
    replay_window_seconds = graphene.Int(default_value=300, description="30 to 3600.")


class OmsOrderImportAddressInput(graphene.InputObjectType):
    first_name = graphene.String()
    last_name = graphene.String()
    company_name = graphene.String()
    street_address_1 = graphene.String()
    street_address_2 = graphene.String()
    city = graphene.String()
    city_area = graphene.String()
    postal_code = graphene.String()
    country = graphene.String(description="Two-letter code.")
    country_area = graphene.String()
    phone = graphene.String()


class OmsOrderImportLineInput(graphene.InputObjectType):
    sku = graphene.String()
    quantity = graphene.Int()
    unit_price_gross = graphene.Decimal()
    unit_price_net = graphene.Decimal()
    tax_rate = graphene.Decimal(description="A fraction: 0.2 for 20 %.")
    product_name = graphene.String()


class OmsOrderImportShippingInput(graphene.InputObjectType):
    method_name = graphene.String()
    method_id = graphene.ID(description="A Saleor shipping method, instead of a name.")
    price_gross = graphene.Decimal()
    price_net = graphene.Decimal()
    tax_rate = graphene.Decimal()


class OmsOrderImportPaymentInput(graphene.InputObjectType):
    amount = graphene.Decimal()
    kind = graphene.String(description="CHARGED (default) or AUTHORIZED.")
    gateway = graphene.String()
    psp_reference = graphene.String()


class OmsOrderImportMetadataInput(graphene.InputObjectType):
    key = graphene.String(required=True)
    value = graphene.String(required=True)


class OmsOrderImportInput(graphene.InputObjectType):
    class Meta:
        description = (
            "An order from an outside channel. Only externalReference is required by the "
            "schema; everything else is checked per order, so a bad order is refused with "
            "one error per field while the others are taken."
        )

    external_reference = graphene.String(required=True)
    customer_email = graphene.String()
    customer_name = graphene.String()
    currency = graphene.String()
    created_at = graphene.DateTime(description="Defaults to now; never in the future.")
    billing_address = graphene.Field(OmsOrderImportAddressInput)
    shipping_address = graphene.Field(
        OmsOrderImportAddressInput, description="Defaults to the billing address."
    )
    lines = graphene.List(graphene.NonNull(OmsOrderImportLineInput))
    shipping = graphene.Field(OmsOrderImportShippingInput)
    payments = graphene.List(graphene.NonNull(OmsOrderImportPaymentInput))
    notes = graphene.List(graphene.NonNull(graphene.String))
    metadata = graphene.List(graphene.NonNull(OmsOrderImportMetadataInput))


class OmsCaptureSourcePayload(graphene.ObjectType):
    source = graphene.Field(OmsCaptureSource)
    secret = graphene.String(description="The webhook's HMAC secret: shown once, stored encrypted.")
    errors = CAPTURE_ERRORS.field()


class OmsOrderImportPayload(graphene.ObjectType):
    results = graphene.List(
        graphene.NonNull(OmsOrderImportResult),
        required=True,
        description="One per order, in the order given.",
    )
    errors = CAPTURE_ERRORS.field()


class OmsCapturedOrderPayload(graphene.ObjectType):
    captured_order = graphene.Field(OmsCapturedOrder)
    errors = CAPTURE_ERRORS.field()


def _plain(value: Any) -> Any:
    """Graphene's input objects as plain dicts and lists."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _results(answers: list[CaptureAnswer]) -> list[OmsOrderImportResult]:
    return [
        OmsOrderImportResult(
            external_reference=answer.external_reference,
            outcome=answer.outcome,
            errors=[problem.as_dict() for problem in answer.problems],
            captured_order=answer.captured,
        )
        for answer in answers
    ]


def _no_results(caller: Caller) -> dict[str, Any]:
    return {"results": []}


class CaptureMutations(graphene.ObjectType):
    @mutation(
        OmsCaptureSourcePayload,
        access=SOURCE_MANAGERS,
        errors=CAPTURE_ERRORS,
        description="Add an outside channel orders are captured from; answers its webhook "
        "secret once.",
        input=OmsCaptureSourceInput(required=True),
    )
    def capture_source_create(caller: Caller, input: dict[str, Any]) -> OmsCaptureSourcePayload:
        source, secret = capture_source_create(
            tenant_id=caller.tenant.pk,
            code=input["code"],
            name=input["name"],
            channel_slug=input["channel_slug"],
            warehouse_id=input["warehouse_id"],
            shipping_method_id=input["shipping_method_id"],
            tax_class_id=input["tax_class_id"],
            replay_window_seconds=input.get("replay_window_seconds") or 300,
            actor=caller.actor(),
        )
        return OmsCaptureSourcePayload(source=source, secret=secret, errors=[])

    @mutation(
        OmsCaptureSourcePayload,
        access=SOURCE_MANAGERS,
        errors=CAPTURE_ERRORS,
        description="Give a source a new webhook secret (answered once); the old one stops "
        "working at once.",
        id=graphene.ID(required=True),
    )
    def capture_source_secret_rotate(caller: Caller, id: str) -> OmsCaptureSourcePayload:
        source, secret = capture_source_secret_rotate(
            tenant_id=caller.tenant.pk,
            source_id=pk_from_global_id(id, expected_type="OmsCaptureSource"),
            actor=caller.actor(),
        )
        return OmsCaptureSourcePayload(source=source, secret=secret, errors=[])

    @mutation(
        OmsOrderImportPayload,
        access=IMPORTERS,
        errors=CAPTURE_ERRORS,
        refused=_no_results,
        description="Capture orders from an outside channel (at most 500): each is stored "
        "and answered ACCEPTED, DUPLICATE or REFUSED with its errors; accepted orders are "
        "created in Saleor in the background, once per source and external reference.",
        source_code=graphene.Argument(
            graphene.String, required=True, name="source", description="The source's code."
        ),
        orders=graphene.List(graphene.NonNull(OmsOrderImportInput), required=True),
    )
    def order_import(
        caller: Caller, source_code: str, orders: list[dict[str, Any]]
    ) -> OmsOrderImportPayload:
        found = source_for_capture(tenant_id=caller.tenant.pk, code=source_code)
        answers = orders_capture(
            source=found,
            orders=[_plain(order) for order in orders],
            door=CapturedOrder.Door.API,
            actor=caller.actor(),
        )
        return OmsOrderImportPayload(results=_results(answers), errors=[])

    @mutation(
        OmsOrderImportPayload,
        access=IMPORTERS,
        errors=CAPTURE_ERRORS,
        refused=_no_results,
        description="Capture orders from a CSV text: one row per order line, grouped by "
        "external_reference (columns in docs/CAPTURE.md). Answers per order as orderImport.",
        source_code=graphene.Argument(
            graphene.String, required=True, name="source", description="The source's code."
        ),
        csv=graphene.String(required=True),
    )
    def order_import_csv(caller: Caller, source_code: str, csv: str) -> OmsOrderImportPayload:
        found = source_for_capture(tenant_id=caller.tenant.pk, code=source_code)
        try:
            read = orders_from_csv(csv)
        except CsvInvalid as exc:
            raise CaptureError(CaptureErrorCode.INVALID, str(exc), field="csv") from None
        answers = orders_capture(
            source=found,
            orders=read.orders,
            door=CapturedOrder.Door.CSV,
            actor=caller.actor(),
            refused=read.refused,
        )
        return OmsOrderImportPayload(results=_results(answers), errors=[])

    @mutation(
        OmsCapturedOrderPayload,
        access=IMPORTERS,
        errors=CAPTURE_ERRORS,
        description="Correct an order Saleor refused and send it again: its stored order is "
        "replaced by `order` (checked as orderImport checks it; the external reference must "
        "stay the same) and it is RECEIVED again. Only a REFUSED order (ILLEGAL_STATE).",
        id=graphene.ID(required=True),
        order=OmsOrderImportInput(required=True),
    )
    def captured_order_resubmit(
        caller: Caller, id: str, order: dict[str, Any]
    ) -> OmsCapturedOrderPayload:
        row = captured_order_resubmit(
            tenant_id=caller.tenant.pk,
            captured_order_id=pk_from_global_id(id, expected_type="OmsCapturedOrder"),
            data=_plain(order),
            actor=caller.actor(),
        )
        return OmsCapturedOrderPayload(captured_order=row, errors=[])

    @mutation(
        OmsCapturedOrderPayload,
        access=IMPORTERS,
        errors=CAPTURE_ERRORS,
        description="Give up an order Saleor refused: it becomes DISCARDED and is never sent. "
        "Only a REFUSED order (ILLEGAL_STATE).",
        id=graphene.ID(required=True),
    )
    def captured_order_discard(caller: Caller, id: str) -> OmsCapturedOrderPayload:
        row = captured_order_discard(
            tenant_id=caller.tenant.pk,
            captured_order_id=pk_from_global_id(id, expected_type="OmsCapturedOrder"),
            actor=caller.actor(),
        )
        return OmsCapturedOrderPayload(captured_order=row, errors=[])
