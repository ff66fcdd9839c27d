"""VIP and special-handling marks, from the order's metadata (customer tags copied there by
the storefront or by staff): a mark may hold the order, and a VIP order may ask for a better
delivery method than it has."""

from __future__ import annotations

from saleor_oms_plugin.screening.config import ScreeningSettings
from saleor_oms_plugin.screening.facts import CheckName, CheckResult, OrderFacts, Outcome

TRUE = {"true", "1", "yes", "y"}


def order_marks(metadata: dict[str, str], keys: tuple[str, ...]) -> list[str]:
    """Marks named by the tag keys (``tags: "vip, fragile"``) and flag keys (``vip: "true"``)."""
    marks: list[str] = []
    for key in keys:
        for token in str(metadata.get(key) or "").replace(";", ",").split(","):
            if token.strip():
                marks.append(token.strip().lower())
    for key, value in metadata.items():
        if key not in keys and str(value).strip().lower() in TRUE:
            marks.append(key.strip().lower())
    return list(dict.fromkeys(marks))


def check_marks(facts: OrderFacts, settings: ScreeningSettings) -> CheckResult:
    marks = order_marks(facts.metadata, settings.mark_keys)
    figures = {"marks": marks, "vip": any(m in settings.vip_marks for m in marks)}
    holding = [m for m in marks if m in settings.hold_marks]
    if holding:
        return CheckResult(
            CheckName.MARKS,
            Outcome.HOLD,
            "MARKED_FOR_REVIEW",
            f"Marked {', '.join(holding)}: a person looks first.",
            facts=figures,
        )
    method = facts.delivery_method_name
    if (
        figures["vip"]
        and settings.vip_delivery_methods
        and not any(v.lower() == method.lower() for v in settings.vip_delivery_methods)
    ):
        return CheckResult(
            CheckName.MARKS,
            Outcome.FIX,
            "VIP_DELIVERY",
            f"A VIP order ships with {method or 'no delivery method'}; VIP orders ship "
            f"{' or '.join(settings.vip_delivery_methods)}.",
            suggestion={"deliveryMethod": settings.vip_delivery_methods[0]},
            facts=figures,
        )
    text = f"Marks: {', '.join(marks)}." if marks else "No marks."
    return CheckResult(CheckName.MARKS, Outcome.PASS, "OK", text, facts=figures)
