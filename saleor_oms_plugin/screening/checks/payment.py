"""Charged or authorised against the total, per the channel's payment policy."""

from __future__ import annotations

from decimal import Decimal

from saleor_oms_plugin.screening.config import PaymentPolicy, ScreeningSettings
from saleor_oms_plugin.screening.facts import CheckName, CheckResult, OrderFacts, Outcome


def _result(outcome: Outcome, code: str, message: str, facts: OrderFacts, suggestion=None):
    return CheckResult(
        CheckName.PAYMENT,
        outcome,
        code,
        message,
        suggestion=suggestion,
        facts={
            "chargeStatus": facts.charge_status,
            "authorizeStatus": facts.authorize_status,
            "totalCharged": str(facts.total_charged),
            "total": str(facts.total_gross),
            "currency": facts.currency,
        },
    )


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount.quantize(Decimal('0.01'))} {currency}"


def check_payment(facts: OrderFacts, settings: ScreeningSettings) -> CheckResult:
    policy = settings.payment_policy
    total, charged = facts.total_gross, facts.total_charged
    if total <= 0:
        return _result(Outcome.PASS, "OK", "Nothing to pay.", facts)
    if facts.charge_status == "OVERCHARGED" or charged > total:
        excess = charged - total
        return _result(
            Outcome.FIX,
            "PAYMENT_OVERCHARGED",
            f"Charged {_money(excess, facts.currency)} more than the total.",
            facts,
            {"refund": str(excess)},
        )
    charged_in_full = facts.charge_status == "FULL" or charged >= total
    authorised_in_full = facts.authorize_status == "FULL"
    if policy == PaymentPolicy.COD:
        limit = settings.cod_max_total.get(facts.currency)
        if limit is not None and not charged_in_full and total > limit:
            return _result(
                Outcome.HOLD,
                "COD_LIMIT_EXCEEDED",
                f"Cash on delivery is limited to {_money(limit, facts.currency)}; the order "
                f"is {_money(total, facts.currency)}.",
                facts,
            )
        if facts.charge_status == "PARTIAL":
            due = total - charged
            return _result(
                Outcome.FIX,
                "COD_PART_PAID",
                f"Part paid: {_money(due, facts.currency)} to collect on delivery.",
                facts,
                {"collectOnDelivery": str(due)},
            )
        return _result(Outcome.PASS, "OK", "Cash on delivery.", facts)
    if charged_in_full:
        return _result(Outcome.PASS, "OK", "Charged in full.", facts)
    if policy == PaymentPolicy.AUTHORIZE and authorised_in_full:
        return _result(Outcome.PASS, "OK", "Authorised in full.", facts)
    if policy == PaymentPolicy.PREPAID and authorised_in_full:
        return _result(
            Outcome.FIX,
            "PAYMENT_NOT_CAPTURED",
            "Authorised in full but not charged: capture the payment before it ships.",
            facts,
            {"capture": str(total - charged)},
        )
    if facts.charge_status == "PARTIAL" or facts.authorize_status == "PARTIAL":
        return _result(
            Outcome.HOLD,
            "PAYMENT_PARTIAL",
            f"Paid in part only ({_money(charged, facts.currency)} of "
            f"{_money(total, facts.currency)}).",
            facts,
        )
    wanted = "charged" if policy == PaymentPolicy.PREPAID else "authorised"
    return _result(
        Outcome.HOLD, "PAYMENT_MISSING", f"The channel wants orders {wanted} first.", facts
    )
