from saleor_oms_plugin.promising.pickup import ShortLine, pickup_check, pickup_points_check

from .worlds import STOCK, line


def test_a_point_that_holds_every_line_can_be_used():
    verdict = pickup_check(
        point_id="LA", lines=[line("l1", "V1", 5), line("l2", "V2")], stock=STOCK
    )

    assert verdict.feasible
    assert verdict.reason is None


def test_lines_of_one_variant_are_summed_and_the_shortfall_is_named():
    verdict = pickup_check(
        point_id="LA",
        point_name="Los Angeles",
        lines=[line("l1", "V2"), line("l2", "V2"), line("l3", "V3")],
        stock=STOCK,
    )

    assert not verdict.feasible
    assert verdict.reason == "Not in stock at Los Angeles: SKU-V2 (1 of 2), SKU-V3 (0 of 1)"
    assert verdict.short == (ShortLine("V2", "SKU-V2", 2, 1), ShortLine("V3", "SKU-V3", 1, 0))


def test_a_point_without_any_stock_and_an_empty_cart_are_refused():
    unknown = pickup_check(point_id="NYC", lines=[line("l1", "V1")], stock=STOCK)
    empty = pickup_check(point_id="LA", lines=[], stock=STOCK)

    assert unknown.reason == "Not in stock at NYC: SKU-V1 (0 of 1)"
    assert not empty.feasible
    assert empty.reason == "The cart is empty"


def test_many_points_are_checked_against_the_same_cart():
    verdicts = pickup_points_check(
        points={"LA": "Los Angeles", "DAL": "Dallas"}, lines=[line("l1", "V2", 2)], stock=STOCK
    )

    assert [(v.point_id, v.feasible, v.reason) for v in verdicts] == [
        ("LA", False, "Not in stock at Los Angeles: SKU-V2 (1 of 2)"),
        ("DAL", True, None),
    ]
