"""Carts hold their checkout's lines in the ledger: replaced as the lines change, in any
delivery order, released when they expire, converted when their order arrives."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.checkout.expiry import carts_expire
from saleor_oms_plugin.checkout.models import Cart
from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.inventory.models import (
    Reservation,
    StockLevel,
    StockMovement,
    StockWriteBack,
)
from saleor_oms_plugin.inventory.selectors import channel_availability
from saleor_oms_plugin.rules.errors import RuleError
from saleor_oms_plugin.rules.models import RuleFiring
from tests.fixtures.checkout import (
    MOMENT,
    MUG,
    SOCKS,
    checkout_event,
    checkout_gid,
    deliver,
    later,
    make_shop,
    order_created_event,
)
from tests.fixtures.rules import rule_make
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db
TOKEN = "0b7a8a0e-5c1e-4f57-8d4e-3f6c2a9b1d01"
HANDLERS = "saleor_oms_plugin.checkout.handlers"


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


@pytest.fixture
def shop(capture_tenant):
    return make_shop(capture_tenant)


@pytest.fixture
def second_tenant(db):
    return make_capture_tenant(api_url="http://127.0.0.1:9000/graphql/", app_id="QXBwOjc=")


def _checkout(tenant, lines, minutes, *, token=TOKEN, event="CHECKOUT_UPDATED", **kwargs):
    kind = "CheckoutCreated" if event == "CHECKOUT_CREATED" else "CheckoutUpdated"
    payload = checkout_event(
        token=token, lines=lines, updated=later(minutes), event_type=kind, **kwargs
    )
    return deliver(tenant, event, payload)


def _cart(tenant, token=TOKEN):
    return Cart.objects.get(tenant=tenant, checkout_id=checkout_gid(token))


def _held(tenant, token=TOKEN):
    """Units per variant the cart holds now."""
    reservation = _cart(tenant, token).reservation
    if reservation is None or reservation.state != "RESERVED":
        return {}
    held = {}
    for line in reservation.lines.all():
        held[line.variant_id] = held.get(line.variant_id, 0) + line.quantity
    return held


def _ats(shop, channel, variant=MUG):
    (row,) = channel_availability(tenant_id=shop.tenant.pk, channel=channel, variant_ids=[variant])
    return row.available_to_sell


def test_another_channels_ats_drops_while_a_cart_holds_stock_and_returns_after_expiry(
    shop, django_capture_on_commit_callbacks
):
    # given the marketplace (NY only) offering NY's 5 mugs
    assert _ats(shop, shop.marketplace) == 5
    # when a shopper puts 4 mugs in a cart of the Saleor channel
    assert _checkout(shop.tenant, {MUG: 4}, 0, event="CHECKOUT_CREATED") == [ApplyOutcome.CREATED]
    # then NY (first for the channel) holds them at once, and the marketplace sees 1
    assert _held(shop.tenant) == {MUG: 4}
    assert (shop.stock("NY").held, shop.stock("LA").held) == (4, 0)
    assert _ats(shop, shop.marketplace) == 1
    # but Saleor is not told: its own checkout counts the units when it completes
    ny = shop.stock("NY")
    assert (ny.reserved, ny.saleor_target) == (0, ny.on_hand)
    assert not StockWriteBack.objects.filter(stock=ny).exists()
    cart = _cart(shop.tenant)
    assert cart.expires_at == later(60)
    # and before its time to live ends nothing is swept
    assert carts_expire(now=later(59)) == 0
    # when the cart expires without an order
    with django_capture_on_commit_callbacks(execute=True):
        assert carts_expire(now=later(61)) == 1
    # then the units are offered again, and the cart is over
    assert _ats(shop, shop.marketplace) == 5
    assert shop.stock("NY").held == 0
    cart.refresh_from_db()
    assert (cart.state, cart.abandoned_at is not None) == ("EXPIRED", True)
    assert Reservation.objects.get().state == "RELEASED"
    assert AuditEvent.objects.filter(verb="cart.expired").count() == 1
    # and a second sweep finds nothing
    assert carts_expire(now=later(120)) == 0


def test_changed_lines_replace_the_hold_and_an_emptied_cart_holds_nothing(shop):
    _checkout(shop.tenant, {MUG: 2}, 0, event="CHECKOUT_CREATED")
    _checkout(shop.tenant, {MUG: 6, SOCKS: 1}, 1)
    # 6 mugs: NY's 5, then 1 of LA's; the first reservation was released
    assert _held(shop.tenant) == {MUG: 6, SOCKS: 1}
    assert (shop.stock("NY").held, shop.stock("LA").held) == (5, 1)
    assert list(Reservation.objects.order_by("pk").values_list("state", flat=True)) == [
        "RELEASED",
        "RESERVED",
    ]
    # the same lines again (an address changed): the hold stays as it is, expiry moves on
    _checkout(shop.tenant, {MUG: 6, SOCKS: 1}, 30)
    assert Reservation.objects.count() == 2
    assert _cart(shop.tenant).expires_at == later(90)
    # emptied: everything is given back
    _checkout(shop.tenant, {}, 31)
    assert _held(shop.tenant) == {}
    assert StockLevel.objects.filter(held__gt=0).count() == 0
    assert _cart(shop.tenant).state == "ACTIVE"


def test_duplicate_and_older_deliveries_change_nothing(shop):
    _checkout(shop.tenant, {MUG: 3}, 10)
    movements = StockMovement.objects.count()
    # the same delivery again, and an older one arriving late
    assert _checkout(shop.tenant, {MUG: 3}, 10) == [ApplyOutcome.STALE]
    assert _checkout(shop.tenant, {MUG: 1}, 5, event="CHECKOUT_CREATED") == [ApplyOutcome.STALE]
    # the cart keeps the newest lines and expiry; the ledger did not move
    cart = _cart(shop.tenant)
    assert (cart.lines[0]["quantity"], cart.expires_at) == (3, later(70))
    assert _held(shop.tenant) == {MUG: 3}
    assert StockMovement.objects.count() == movements


def test_lines_that_cannot_all_be_held_keep_the_previous_hold_and_say_why(shop):
    _checkout(shop.tenant, {MUG: 2}, 0)
    # 10 mugs wanted, 9 in the channel's locations: nothing of the new lines is taken
    _checkout(shop.tenant, {MUG: 10}, 1)
    cart = _cart(shop.tenant)
    assert _held(shop.tenant) == {MUG: 2}
    assert cart.hold_problem.startswith("INSUFFICIENT_STOCK")
    assert [line["quantity"] for line in cart.lines] == [10]
    # back to what can be held: the problem is gone
    _checkout(shop.tenant, {MUG: 9}, 2)
    assert _held(shop.tenant) == {MUG: 9} and _cart(shop.tenant).hold_problem == ""


def test_a_channel_the_ledger_does_not_know_holds_nothing(shop):
    _checkout(shop.tenant, {MUG: 1}, 0, channel="wholesale")
    cart = _cart(shop.tenant)
    assert cart.reservation is None and cart.hold_problem.startswith("CHANNEL_NOT_FOUND")
    assert StockLevel.objects.filter(held__gt=0).count() == 0


def test_the_carts_order_converts_its_hold_and_ends_the_cart(shop):
    _checkout(shop.tenant, {MUG: 3}, 0)
    order = order_created_event(order_id="T3JkZXI6MQ==", checkout_token=TOKEN)
    deliver(shop.tenant, "ORDER_CREATED", order, only=HANDLERS)
    # the hold is given up as converted: Saleor's allocation holds the units now; on hand stays
    reservation = Reservation.objects.get()
    assert reservation.state == "CONVERTED"
    assert (shop.stock("NY").on_hand, shop.stock("NY").held) == (5, 0)
    cart = _cart(shop.tenant)
    assert (cart.state, cart.order_saleor_id, cart.expires_at) == ("ORDERED", "T3JkZXI6MQ==", None)
    # a late checkout event and the same order again change nothing
    assert _checkout(shop.tenant, {MUG: 1}, 5) == [ApplyOutcome.STALE]
    deliver(shop.tenant, "ORDER_CREATED", order, only=HANDLERS)
    assert Reservation.objects.count() == 1 and shop.stock("NY").held == 0
    assert AuditEvent.objects.filter(verb="cart.ordered").count() == 1
    # and an ordered cart never expires
    assert carts_expire(now=later(1000)) == 0


def test_an_order_arriving_before_its_checkout_events_leaves_nothing_held(shop):
    order = order_created_event(order_id="T3JkZXI6Mg==", checkout_token=TOKEN)
    deliver(shop.tenant, "ORDER_CREATED", order, only=HANDLERS)
    assert _checkout(shop.tenant, {MUG: 2}, 0, event="CHECKOUT_CREATED") == [ApplyOutcome.STALE]
    assert _cart(shop.tenant).state == "ORDERED"
    assert not Reservation.objects.exists()


def test_an_order_of_no_checkout_is_ignored(shop):
    deliver(
        shop.tenant,
        "ORDER_CREATED",
        order_created_event(order_id="T3JkZXI6Mw==", checkout_token=None),
        only=HANDLERS,
    )
    assert not Cart.objects.exists()


def test_abandoned_is_published_once_with_the_carts_facts(shop, django_capture_on_commit_callbacks):
    # given a rule on abandoned carts worth more than 40 USD
    rule = rule_make(
        shop.tenant,
        trigger="checkout.abandoned",
        conditions={"all": [{"field": "total_gross", "op": "gt", "value": 40, "currency": "USD"}]},
        actions=[{"type": "task", "title": "Call {{ customer_email }}"}],
    )
    _checkout(shop.tenant, {MUG: 2, SOCKS: 1}, 0, total="42.50", email="Ada@Example.com")
    _checkout(shop.tenant, {MUG: 1}, 0, token="cheap", total="9.00")
    # when both expire
    with django_capture_on_commit_callbacks(execute=True):
        assert carts_expire(now=later(75)) == 2
    # then the rule fired on the 42.50 cart only, with its facts
    firing = RuleFiring.objects.get(rule=rule)
    assert firing.subject_key == f"checkout:{checkout_gid(TOKEN)}"
    facts = firing.facts
    assert (facts["customer_email"], facts["channel"], facts["currency"]) == (
        "ada@example.com",
        "default-channel",
        "USD",
    )
    assert (facts["total_gross"], facts["line_count"], facts["item_quantity"]) == ("42.500", 2, 3)
    assert facts["skus"] == ["MUG-1", "SOCKS-1"] and facts["age_minutes"] == 75
    assert [line["variant_id"] for line in facts["lines"]] == [MUG, SOCKS]
    # when the shopper comes back, the cart holds again; expiring again announces nothing
    _checkout(shop.tenant, {MUG: 2}, 80)
    assert _cart(shop.tenant).state == "ACTIVE" and _held(shop.tenant) == {MUG: 2}
    with django_capture_on_commit_callbacks(execute=True):
        assert carts_expire(now=later(200)) == 2 - 1
    assert RuleFiring.objects.filter(rule=rule).count() == 1
    assert shop.stock("NY").held == 0


def test_an_emptied_cart_expires_without_being_abandoned(shop, django_capture_on_commit_callbacks):
    rule = rule_make(
        shop.tenant, trigger="checkout.abandoned", actions=[{"type": "task", "title": "x"}]
    )
    _checkout(shop.tenant, {}, 0)
    with django_capture_on_commit_callbacks(execute=True):
        assert carts_expire(now=later(61)) == 1
    assert _cart(shop.tenant).abandoned_at is None
    assert not RuleFiring.objects.filter(rule=rule).exists()


def test_a_tenant_that_does_not_hold_carts_still_follows_them(capture_tenant):
    shop = make_shop(capture_tenant, hold=False, ttl=15)
    _checkout(shop.tenant, {MUG: 4}, 0)
    cart = _cart(shop.tenant)
    assert cart.reservation is None and cart.expires_at == later(15)
    assert _ats(shop, shop.marketplace) == 5
    assert carts_expire(now=later(16)) == 1


def test_a_late_delivery_of_an_already_expired_checkout_holds_nothing(shop):
    payload = checkout_event(token=TOKEN, lines={MUG: 1}, updated=MOMENT.replace(year=2025))
    deliver(shop.tenant, "CHECKOUT_UPDATED", payload)
    assert _cart(shop.tenant).reservation is None
    assert StockLevel.objects.filter(held__gt=0).count() == 0


def test_carts_are_kept_per_tenant(shop, second_tenant):
    other = make_shop(second_tenant)
    # the same checkout ID seen by two installations
    _checkout(shop.tenant, {MUG: 2}, 0)
    _checkout(other.tenant, {MUG: 5}, 0)
    assert _held(shop.tenant) == {MUG: 2} and _held(other.tenant) == {MUG: 5}
    assert (shop.stock("NY").held, other.stock("NY").held) == (2, 5)
    # one tenant's order converts its cart only
    order = order_created_event(order_id="T3JkZXI6MQ==", checkout_token=TOKEN)
    deliver(shop.tenant, "ORDER_CREATED", order, only=HANDLERS)
    assert _cart(shop.tenant).state == "ORDERED" and _cart(other.tenant).state == "ACTIVE"
    assert other.stock("NY").held == 5


def test_an_abandoned_cart_rule_may_not_take_order_actions(capture_tenant):
    with pytest.raises(RuleError):
        rule_make(capture_tenant, trigger="checkout.abandoned")  # the default: flag the order
    with pytest.raises(RuleError):
        rule_make(
            capture_tenant,
            trigger="checkout.abandoned",
            conditions={"all": [{"field": "status", "op": "eq", "value": "UNFULFILLED"}]},
            actions=[{"type": "task", "title": "x"}],
        )
    rule_make(
        capture_tenant,
        trigger="checkout.abandoned",
        conditions={"all": [{"field": "age_minutes", "op": "gte", "value": 30}]},
        actions=[{"type": "task", "title": "x"}],
    )
