"""The payment check per channel policy: prepaid, authorise-only, cash on delivery."""

from __future__ import annotations

from decimal import Decimal

from saleor_oms_plugin.screening.checks.payment import check_payment
from saleor_oms_plugin.screening.config import PaymentPolicy
from saleor_oms_plugin.screening.facts import Outcome
from tests.fixtures.screening import facts, screening

UNPAID = {"charge_status": "NONE", "authorize_status": "NONE", "total_charged": Decimal("0")}
AUTHORISED = {"charge_status": "NONE", "authorize_status": "FULL", "total_charged": Decimal("0")}


def _check(policy, **order):
    return check_payment(facts(**order), screening(payment_policy=policy))


def test_a_prepaid_order_charged_in_full_passes():
    result = _check(PaymentPolicy.PREPAID)

    assert (result.outcome, result.code) == (Outcome.PASS, "OK")
    assert result.facts["chargeStatus"] == "FULL"


def test_a_prepaid_order_not_paid_holds():
    result = _check(PaymentPolicy.PREPAID, **UNPAID)

    assert (result.outcome, result.code) == (Outcome.HOLD, "PAYMENT_MISSING")


def test_a_prepaid_order_paid_in_part_holds():
    result = _check(
        PaymentPolicy.PREPAID,
        charge_status="PARTIAL",
        authorize_status="PARTIAL",
        total_charged=Decimal("10"),
    )

    assert (result.outcome, result.code) == (Outcome.HOLD, "PAYMENT_PARTIAL")


def test_a_prepaid_order_only_authorised_is_a_fix_capturing_it():
    result = _check(PaymentPolicy.PREPAID, **AUTHORISED)

    assert (result.outcome, result.code) == (Outcome.FIX, "PAYMENT_NOT_CAPTURED")
    assert result.suggestion == {"capture": "42.00"}


def test_an_authorise_only_channel_passes_an_authorised_order():
    assert _check(PaymentPolicy.AUTHORIZE, **AUTHORISED).outcome == Outcome.PASS


def test_an_authorise_only_channel_holds_an_order_not_authorised():
    result = _check(PaymentPolicy.AUTHORIZE, **UNPAID)

    assert (result.outcome, result.code) == (Outcome.HOLD, "PAYMENT_MISSING")


def test_an_overcharged_order_is_a_fix_refunding_the_excess():
    result = _check(PaymentPolicy.PREPAID, charge_status="OVERCHARGED", total_charged=Decimal("50"))

    assert (result.outcome, result.code) == (Outcome.FIX, "PAYMENT_OVERCHARGED")
    assert result.suggestion == {"refund": "8.00"}


def test_cash_on_delivery_passes_unpaid_orders():
    assert _check(PaymentPolicy.COD, **UNPAID).outcome == Outcome.PASS


def test_cash_on_delivery_holds_orders_above_the_limit_in_their_currency():
    settings = screening(payment_policy=PaymentPolicy.COD, cod_max_total={"EUR": Decimal("300")})
    big_eur = facts(currency="EUR", total_gross=Decimal("400"), **UNPAID)
    big_usd = facts(currency="USD", total_gross=Decimal("400"), **UNPAID)

    assert check_payment(big_eur, settings).code == "COD_LIMIT_EXCEEDED"
    assert check_payment(big_eur, settings).outcome == Outcome.HOLD
    assert check_payment(big_usd, settings).outcome == Outcome.PASS  # no USD limit


def test_cash_on_delivery_part_paid_is_a_fix_saying_what_to_collect():
    result = _check(PaymentPolicy.COD, charge_status="PARTIAL", total_charged=Decimal("12"))

    assert (result.outcome, result.code) == (Outcome.FIX, "COD_PART_PAID")
    assert result.suggestion == {"collectOnDelivery": "30.00"}
