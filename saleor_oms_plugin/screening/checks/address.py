"""The shipping address: postal code against city, state and country (bundled data), a house
number, and PO boxes for carriers that refuse them; with a suggested correction."""

from __future__ import annotations

import re

from saleor_oms_plugin.screening.config import ScreeningSettings
from saleor_oms_plugin.screening.facts import Address, CheckName, CheckResult, OrderFacts, Outcome
from saleor_oms_plugin.screening.postal import postal_verdict

# "PO Box 12", "P.O. Box", "Post Office Box", "Postfach", "Boîte postale", "BP 12",
# "Apartado de correos", "Casella postale", "Postbus".
PO_BOX = re.compile(
    r"\b(p\.?\s*o\.?\s*box|post\s+office\s+box|postfach|bo[iî]te\s+postale|b\.?p\.?\s+\d"
    r"|apartado(\s+de\s+correos)?|casella\s+postale|postbus)\b",
    re.IGNORECASE,
)
DIGIT = re.compile(r"\d")


def _result(outcome: Outcome, code: str, message: str, suggestion=None) -> CheckResult:
    return CheckResult(CheckName.ADDRESS, outcome, code, message, suggestion=suggestion)


def _refuses_po_boxes(method: str, settings: ScreeningSettings) -> str | None:
    lowered = method.lower()
    return next((c for c in settings.po_box_refusing_carriers if c.lower() in lowered), None)


def check_address(facts: OrderFacts, settings: ScreeningSettings) -> CheckResult:
    if not facts.requires_shipping:
        return _result(Outcome.PASS, "OK", "Nothing to ship to an address.")
    address: Address | None = facts.shipping
    if address is None or not address.street1 or not address.country:
        return _result(Outcome.HOLD, "ADDRESS_MISSING", "The order has no shipping address.")
    street = f"{address.street1} {address.street2}".strip()
    carrier = _refuses_po_boxes(facts.delivery_method_name, settings)
    if carrier and PO_BOX.search(street):
        return _result(
            Outcome.HOLD,
            "ADDRESS_PO_BOX",
            f"{carrier} does not deliver to PO boxes ({street}).",
        )
    if settings.require_house_number and not DIGIT.search(address.street1):
        if DIGIT.search(address.street2):
            return _result(
                Outcome.FIX,
                "ADDRESS_NO_HOUSE_NUMBER",
                "The house number seems to be in the second street line.",
                {"streetAddress1": f"{address.street1} {address.street2}", "streetAddress2": ""},
            )
        return _result(
            Outcome.HOLD, "ADDRESS_NO_HOUSE_NUMBER", f"{address.street1!r} has no house number."
        )
    verdict = postal_verdict(address)
    if verdict.ok:
        return _result(Outcome.PASS, "OK", verdict.message)
    if verdict.suggestion:
        return _result(Outcome.FIX, verdict.code, verdict.message, verdict.suggestion)
    return _result(Outcome.HOLD, verdict.code, verdict.message)
