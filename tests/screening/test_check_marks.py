"""VIP and special-handling marks from the order's metadata."""

from __future__ import annotations

from saleor_oms_plugin.screening.checks.marks import check_marks, order_marks
from saleor_oms_plugin.screening.facts import Outcome
from tests.fixtures.screening import facts, screening


def test_marks_are_read_from_tag_lists_and_flags():
    assert order_marks({"tags": "VIP, fragile", "gift": "true", "note": "hi"}, ("tags",)) == [
        "vip",
        "fragile",
        "gift",
    ]


def test_an_order_without_marks_passes():
    result = check_marks(facts(), screening())

    assert (result.outcome, result.facts) == (Outcome.PASS, {"marks": [], "vip": False})


def test_a_vip_order_passes_with_its_mark():
    result = check_marks(facts(metadata={"tags": "vip"}), screening())

    assert result.outcome == Outcome.PASS
    assert result.facts == {"marks": ["vip"], "vip": True}


def test_a_mark_the_channel_holds_on_holds_the_order():
    result = check_marks(
        facts(metadata={"fraud-watch": "yes"}), screening(hold_marks=("fraud-watch",))
    )

    assert (result.outcome, result.code) == (Outcome.HOLD, "MARKED_FOR_REVIEW")


def test_a_vip_order_on_a_slow_delivery_method_is_a_fix_upgrading_it():
    settings = screening(vip_delivery_methods=("Express",))

    slow = check_marks(facts(metadata={"tags": "vip"}, delivery_method_name="Standard"), settings)
    fast = check_marks(facts(metadata={"tags": "vip"}, delivery_method_name="express"), settings)

    assert (slow.outcome, slow.code) == (Outcome.FIX, "VIP_DELIVERY")
    assert slow.suggestion == {"deliveryMethod": "Express"}
    assert fast.outcome == Outcome.PASS
