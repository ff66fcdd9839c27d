"""Staff decisions on held orders and the screening configuration: thin edges over the
screening services (each audited there)."""

from __future__ import annotations

from typing import Any

import graphene

from saleor_oms_plugin.graphql.core.mutations import Caller, PayloadErrors, mutation
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.permissions import Requires
from saleor_oms_plugin.graphql.screening.queries import config_view
from saleor_oms_plugin.graphql.screening.types import (
    PERMISSIONS,
    OmsScreeningConfig,
    OmsScreeningError,
    OmsScreeningResult,
)
from saleor_oms_plugin.screening.corrections import (
    screening_accept_address,
    screening_accept_substitute,
)
from saleor_oms_plugin.screening.errors import ScreeningError
from saleor_oms_plugin.screening.selectors import config_list
from saleor_oms_plugin.screening.services import (
    screening_cancel,
    screening_config_set,
    screening_release,
    screening_rerun,
)

SCREENING_ERRORS = PayloadErrors(OmsScreeningError, ScreeningError)
REVIEWERS = Requires(*PERMISSIONS)


class OmsScreeningResultPayload(graphene.ObjectType):
    result = graphene.Field(OmsScreeningResult)
    errors = SCREENING_ERRORS.field()


class OmsScreeningConfigPayload(graphene.ObjectType):
    config = graphene.Field(OmsScreeningConfig)
    errors = SCREENING_ERRORS.field()


def _order_pk(order_id: str) -> int:
    return pk_from_global_id(order_id, expected_type="OmsOrder")


class ScreeningMutations(graphene.ObjectType):
    @mutation(
        OmsScreeningResultPayload,
        access=REVIEWERS,
        errors=SCREENING_ERRORS,
        description="Let a held order through as it is; it is routed now.",
        order_id=graphene.ID(required=True, description="An OmsOrder ID."),
        note=graphene.String(default_value=""),
    )
    def screening_release(caller: Caller, order_id: str, note: str) -> OmsScreeningResultPayload:
        result = screening_release(
            tenant_id=caller.tenant.pk,
            order_id=_order_pk(order_id),
            actor=caller.actor(),
            note=note,
        )
        return OmsScreeningResultPayload(result=result, errors=[])

    @mutation(
        OmsScreeningResultPayload,
        access=REVIEWERS,
        errors=SCREENING_ERRORS,
        description="Run the checks again on a held order (after correcting it in Saleor); "
        "it passes on to routing or stays held with its new reasons.",
        order_id=graphene.ID(required=True, description="An OmsOrder ID."),
    )
    def screening_rerun(caller: Caller, order_id: str) -> OmsScreeningResultPayload:
        result = screening_rerun(
            tenant_id=caller.tenant.pk, order_id=_order_pk(order_id), actor=caller.actor()
        )
        return OmsScreeningResultPayload(result=result, errors=[])

    @mutation(
        OmsScreeningResultPayload,
        access=REVIEWERS,
        errors=SCREENING_ERRORS,
        description="Decide a held order is not shipped: it is never routed automatically. "
        "The decision is recorded; the order is not cancelled in Saleor (do that there).",
        order_id=graphene.ID(required=True, description="An OmsOrder ID."),
        note=graphene.String(default_value=""),
    )
    def screening_cancel(caller: Caller, order_id: str, note: str) -> OmsScreeningResultPayload:
        result = screening_cancel(
            tenant_id=caller.tenant.pk,
            order_id=_order_pk(order_id),
            actor=caller.actor(),
            note=note,
        )
        return OmsScreeningResultPayload(result=result, errors=[])

    @mutation(
        OmsScreeningResultPayload,
        access=REVIEWERS,
        errors=SCREENING_ERRORS,
        description="Replace a short line of a held order by a substitute the stock check "
        "proposed for it, in Saleor (the substitute added, then the line deleted; UNCONFIRMED "
        "orders only). The checks run again when Saleor reports the changed order.",
        order_id=graphene.ID(required=True, description="An OmsOrder ID."),
        line_id=graphene.ID(required=True, description="The Saleor OrderLine ID of the line."),
        variant_id=graphene.ID(required=True, description="The proposed ProductVariant ID."),
    )
    def screening_accept_substitute(
        caller: Caller, order_id: str, line_id: str, variant_id: str
    ) -> OmsScreeningResultPayload:
        result = screening_accept_substitute(
            tenant_id=caller.tenant.pk,
            order_id=_order_pk(order_id),
            line_id=line_id,
            variant_id=variant_id,
            actor=caller.actor(),
        )
        return OmsScreeningResultPayload(result=result, errors=[])

    @mutation(
        OmsScreeningResultPayload,
        access=REVIEWERS,
        errors=SCREENING_ERRORS,
        description="Correct a held order's shipping address in Saleor as the address check "
        "suggested (UNCONFIRMED or UNFULFILLED orders). The checks run again when Saleor "
        "reports the changed order.",
        order_id=graphene.ID(required=True, description="An OmsOrder ID."),
    )
    def screening_accept_address(caller: Caller, order_id: str) -> OmsScreeningResultPayload:
        result = screening_accept_address(
            tenant_id=caller.tenant.pk, order_id=_order_pk(order_id), actor=caller.actor()
        )
        return OmsScreeningResultPayload(result=result, errors=[])

    @mutation(
        OmsScreeningConfigPayload,
        access=REVIEWERS,
        errors=SCREENING_ERRORS,
        description="Replace the tenant's screening document, or a channel's override of it; "
        "refused whole with every problem (INVALID_CONFIG), changing nothing.",
        document=graphene.JSONString(required=True),
        channel=graphene.String(description="A channel's slug; left out: the tenant's document."),
    )
    def screening_config_set(
        caller: Caller, document: Any, channel: str | None = None
    ) -> OmsScreeningConfigPayload:
        slug = (channel or "").strip()
        screening_config_set(
            tenant_id=caller.tenant.pk, channel_slug=slug, document=document, actor=caller.actor()
        )
        rows = {row.channel_slug: row for row in config_list(tenant_id=caller.tenant.pk)}
        return OmsScreeningConfigPayload(config=config_view(slug, rows), errors=[])
