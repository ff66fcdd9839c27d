"""The stock check: served now, in part, or not; substitutes proposed."""

from __future__ import annotations

from saleor_oms_plugin.screening.checks.stock import check_stock
from saleor_oms_plugin.screening.config import PartialStock
from saleor_oms_plugin.screening.facts import LineFacts, Outcome, Substitute
from tests.fixtures.screening import MUG, facts, screening

RED = "UHJvZHVjdFZhcmlhbnQ6NDAy"


def test_an_order_in_stock_passes():
    result = check_stock(facts(), screening())

    assert (result.outcome, result.code) == (Outcome.PASS, "OK")
    assert result.facts == {"units": 2, "unitsAvailable": 2}


def test_an_order_served_in_part_is_held_with_what_is_missing():
    line = LineFacts("line-1", MUG, "Mug", needed=3, available=1)

    result = check_stock(facts(lines=(line,)), screening())

    assert (result.outcome, result.code) == (Outcome.HOLD, "STOCK_PARTIAL")
    assert "2 × Mug" in result.message
    assert result.facts["short"] == [{"lineId": "line-1", "variantId": MUG, "missing": 2}]


def test_an_order_nothing_of_which_is_in_stock_is_held_as_out():
    line = LineFacts("line-1", MUG, "Mug", needed=3, available=0)

    result = check_stock(facts(lines=(line,)), screening())

    assert (result.outcome, result.code) == (Outcome.HOLD, "STOCK_OUT")


def test_a_channel_that_ships_partial_orders_lets_them_pass():
    line = LineFacts("line-1", MUG, "Mug", needed=3, available=1)

    result = check_stock(facts(lines=(line,)), screening(partial_stock=PartialStock.PASS))

    assert (result.outcome, result.code) == (Outcome.PASS, "STOCK_PARTIAL")


def test_a_missing_line_with_a_substitute_in_stock_is_a_fix_proposing_it():
    red = Substitute(RED, "Mug Red", available=4, tagged=False)
    tagged = Substitute("UHJvZHVjdFZhcmlhbnQ6NTAw", "Cup", available=1, tagged=True)
    line = LineFacts("line-1", MUG, "Mug", needed=3, available=1, substitutes=(red, tagged))

    result = check_stock(facts(lines=(line,)), screening())

    assert (result.outcome, result.code) == (Outcome.FIX, "STOCK_PARTIAL")
    # Only substitutes that cover the shortfall (2) are proposed.
    assert result.suggestion == {
        "substitutes": {
            "line-1": [{"variantId": RED, "name": "Mug Red", "available": 4, "tagged": False}]
        }
    }


def test_a_substitute_with_too_little_stock_does_not_make_it_a_fix():
    small = Substitute(RED, "Mug Red", available=1, tagged=False)
    line = LineFacts("line-1", MUG, "Mug", needed=3, available=0, substitutes=(small,))

    result = check_stock(facts(lines=(line,)), screening())

    assert (result.outcome, result.suggestion) == (Outcome.HOLD, None)
