"""A risk score from 0 to 100 with its reasons; thresholds of value in the order's currency."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from saleor_oms_plugin.screening.config import ScreeningSettings
from saleor_oms_plugin.screening.facts import CheckName, CheckResult, OrderFacts, Outcome

# Points per signal; the score is their sum, at most 100.
WEIGHTS = {
    "COUNTRY_MISMATCH": 25,
    "FIRST_ORDER_HIGH_VALUE": 30,
    "VELOCITY_EMAIL": 20,
    "VELOCITY_ADDRESS": 20,
    "DISPOSABLE_EMAIL": 30,
    "FAILED_PAYMENTS": 15,  # per unpaid cancelled order in the window, twice at most
}


@lru_cache(maxsize=1)
def bundled_disposable_domains() -> frozenset[str]:
    text = (
        resources.files("saleor_oms_plugin.screening")
        .joinpath("data/disposable_email_domains.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def _domain_disposable(email: str, extra: tuple[str, ...]) -> bool:
    domain = email.rpartition("@")[2].lower()
    if not domain:
        return False
    known = bundled_disposable_domains() | set(extra)
    # Sub-domains of a throwaway service are throwaway too (abc.mailinator.com).
    return any(domain == d or domain.endswith(f".{d}") for d in known)


def risk_reasons(facts: OrderFacts, settings: ScreeningSettings) -> list[tuple[str, int, str]]:
    """(code, points, why) of each signal the order shows."""
    reasons: list[tuple[str, int, str]] = []
    history = facts.history
    if facts.billing and facts.shipping and facts.billing.country and facts.shipping.country:
        if facts.billing.country != facts.shipping.country:
            reasons.append(
                (
                    "COUNTRY_MISMATCH",
                    WEIGHTS["COUNTRY_MISMATCH"],
                    f"Billed in {facts.billing.country}, shipped to {facts.shipping.country}.",
                )
            )
    threshold = settings.high_value.get(facts.currency)
    if history.previous_orders == 0 and threshold is not None and facts.total_gross >= threshold:
        reasons.append(
            (
                "FIRST_ORDER_HIGH_VALUE",
                WEIGHTS["FIRST_ORDER_HIGH_VALUE"],
                f"First order, {facts.total_gross.normalize():f} {facts.currency} "
                f"(high from {threshold.normalize():f} {facts.currency}).",
            )
        )
    window = settings.window_hours
    if history.orders_from_email_in_window >= settings.max_orders_per_email:
        reasons.append(
            (
                "VELOCITY_EMAIL",
                WEIGHTS["VELOCITY_EMAIL"],
                f"{history.orders_from_email_in_window} other orders from {facts.email} "
                f"in {window} h.",
            )
        )
    if history.orders_to_address_in_window >= settings.max_orders_per_address:
        reasons.append(
            (
                "VELOCITY_ADDRESS",
                WEIGHTS["VELOCITY_ADDRESS"],
                f"{history.orders_to_address_in_window} other orders to this address "
                f"in {window} h.",
            )
        )
    if facts.email and _domain_disposable(facts.email, settings.disposable_domains):
        reasons.append(
            ("DISPOSABLE_EMAIL", WEIGHTS["DISPOSABLE_EMAIL"], f"{facts.email} is a throwaway.")
        )
    if history.unpaid_cancelled_in_window:
        count = history.unpaid_cancelled_in_window
        reasons.append(
            (
                "FAILED_PAYMENTS",
                WEIGHTS["FAILED_PAYMENTS"] * min(count, 2),
                f"{count} order(s) of this customer cancelled unpaid in {window} h.",
            )
        )
    return reasons


def check_risk(facts: OrderFacts, settings: ScreeningSettings) -> CheckResult:
    reasons = risk_reasons(facts, settings)
    score = min(100, sum(points for _, points, _ in reasons))
    figures = {
        "score": score,
        "reasons": [code for code, _, _ in reasons],
        "currency": facts.currency,
    }
    why = " ".join(text for _, _, text in reasons)
    if score >= settings.risk_hold_at:
        return CheckResult(
            CheckName.RISK, Outcome.HOLD, "RISK_HIGH", f"Risk {score}/100. {why}", facts=figures
        )
    if score >= settings.risk_review_at:
        return CheckResult(
            CheckName.RISK,
            Outcome.FIX,
            "RISK_REVIEW",
            f"Risk {score}/100: verify before it ships. {why}",
            suggestion={"verify": [code for code, _, _ in reasons]},
            facts=figures,
        )
    return CheckResult(
        CheckName.RISK, Outcome.PASS, "OK", f"Risk {score}/100. {why}".strip(), facts=figures
    )
