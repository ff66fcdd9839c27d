"""The risk check: a 0–100 score with its reasons, thresholds in the order's currency."""

from __future__ import annotations

from decimal import Decimal

from saleor_oms_plugin.screening.checks.risk import check_risk
from saleor_oms_plugin.screening.facts import Outcome
from tests.fixtures.screening import address, facts, history, screening


def test_a_known_customer_with_one_country_passes_with_score_zero():
    result = check_risk(facts(), screening())

    assert (result.outcome, result.code) == (Outcome.PASS, "OK")
    assert result.facts == {"score": 0, "reasons": [], "currency": "USD"}


def test_a_first_order_is_high_value_by_the_threshold_of_its_own_currency():
    first = history(previous_orders=0)
    # 480 is above the EUR threshold (450) and below the USD one (500).
    in_eur = facts(currency="EUR", total_gross=Decimal("480"), history=first)
    in_usd = facts(currency="USD", total_gross=Decimal("480"), history=first)
    in_jpy = facts(currency="JPY", total_gross=Decimal("48000"), history=first)

    assert check_risk(in_eur, screening()).facts["reasons"] == ["FIRST_ORDER_HIGH_VALUE"]
    assert check_risk(in_usd, screening()).facts["reasons"] == []
    # No threshold for the currency: no comparison across currencies.
    assert check_risk(in_jpy, screening()).facts["reasons"] == []


def test_a_medium_score_is_a_fix_asking_to_verify():
    result = check_risk(facts(billing=address(country="GB")), screening(risk_review_at=20))

    assert (result.outcome, result.code) == (Outcome.FIX, "RISK_REVIEW")
    assert result.facts["score"] == 25
    assert result.suggestion == {"verify": ["COUNTRY_MISMATCH"]}


def test_many_signals_together_hold_the_order_with_every_reason():
    risky = facts(
        email="someone@mailinator.com",
        billing=address(country="GB"),
        history=history(
            orders_from_email_in_window=4,
            orders_to_address_in_window=5,
            unpaid_cancelled_in_window=3,
        ),
    )

    result = check_risk(risky, screening())

    assert (result.outcome, result.code) == (Outcome.HOLD, "RISK_HIGH")
    assert result.facts["score"] == 100  # 25 + 20 + 20 + 30 + 30, capped
    assert result.facts["reasons"] == [
        "COUNTRY_MISMATCH",
        "VELOCITY_EMAIL",
        "VELOCITY_ADDRESS",
        "DISPOSABLE_EMAIL",
        "FAILED_PAYMENTS",
    ]


def test_throwaway_domains_come_from_the_bundled_list_and_the_tenants_own():
    bundled = facts(email="x@sub.yopmail.com")
    own = facts(email="x@burner.test")

    assert check_risk(bundled, screening()).facts["reasons"] == ["DISPOSABLE_EMAIL"]
    assert check_risk(own, screening()).facts["reasons"] == []
    assert check_risk(own, screening(disposable_domains=("burner.test",))).facts["reasons"] == [
        "DISPOSABLE_EMAIL"
    ]
