"""Invariants of delivery promises on random calendars, cut-offs and order times (hypothesis).

Order times cluster around the 2026 DST changes of America/Los_Angeles and Europe/Warsaw (and
Sydney's, the other way round), and cut-offs include wall-clock times those changes skip or
repeat, so every property is tried across the transitions.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_oms_plugin.promising.from_routing import promise_request_from_decision
from saleor_oms_plugin.promising.handover import cutoff_instant, hand_over
from saleor_oms_plugin.promising.model import (
    Calendar,
    CarrierService,
    Handling,
    HandlingUnit,
    LocationProfile,
    PlannedShipment,
    PromiseLine,
    PromiseRequest,
    TransitBand,
    UnpromisedReason,
)
from saleor_oms_plugin.promising.promise import promise_order
from saleor_oms_plugin.routing.engine import route
from saleor_oms_plugin.routing.model import (
    Address,
    CandidateLocation,
    Coordinates,
    Destination,
    OrderLine,
    RoutingRequest,
)
from saleor_oms_plugin.routing.ruleset_document import parse_ruleset

ZONES = ("America/Los_Angeles", "Europe/Warsaw", "Australia/Sydney", "Asia/Kolkata", "UTC")
DST_CHANGES = (  # local midnight of each 2026 transition day
    dt.datetime(2026, 3, 8, tzinfo=ZoneInfo("America/Los_Angeles")),
    dt.datetime(2026, 11, 1, tzinfo=ZoneInfo("America/Los_Angeles")),
    dt.datetime(2026, 3, 29, tzinfo=ZoneInfo("Europe/Warsaw")),
    dt.datetime(2026, 10, 25, tzinfo=ZoneInfo("Europe/Warsaw")),
    dt.datetime(2026, 4, 5, tzinfo=ZoneInfo("Australia/Sydney")),
    dt.datetime(2026, 10, 4, tzinfo=ZoneInfo("Australia/Sydney")),
    dt.datetime(2026, 12, 24, tzinfo=ZoneInfo("UTC")),  # the holidays drawn below
)
HOLIDAY_POOL = tuple(dt.date(2026, 12, 20) + dt.timedelta(days=n) for n in range(20)) + tuple(
    dt.date(2026, m, d) for m, d in ((3, 9), (3, 30), (11, 2), (10, 26), (4, 6), (3, 6))
)
CUTOFFS = (None, dt.time(0, 30), dt.time(1, 30), dt.time(2, 30), dt.time(12), dt.time(17, 45))

calendars = st.builds(
    Calendar,
    open_weekdays=st.frozensets(st.integers(0, 6), min_size=1),
    holidays=st.frozensets(st.sampled_from(HOLIDAY_POOL), max_size=10),
)
handlings = st.one_of(
    st.builds(Handling, st.integers(0, 4), st.just(HandlingUnit.BUSINESS_DAYS)),
    st.builds(Handling, st.integers(0, 60), st.just(HandlingUnit.HOURS)),
)
profiles = st.builds(
    LocationProfile,
    location_id=st.just("L"),
    name=st.just("Here"),
    timezone=st.sampled_from(ZONES),
    calendar=calendars,
    cutoff=st.sampled_from(CUTOFFS),
    handling=handlings,
)
order_times = st.one_of(
    # The night of the change itself, minute by minute: where local times are skipped or repeated.
    st.builds(
        lambda base, minutes: (base + dt.timedelta(minutes=minutes)).astimezone(dt.UTC),
        st.sampled_from(DST_CHANGES),
        st.integers(0, 5 * 60),
    ),
    st.builds(
        lambda base, minutes: (base + dt.timedelta(minutes=minutes)).astimezone(dt.UTC),
        st.sampled_from(DST_CHANGES),
        st.integers(-3 * 24 * 60, 3 * 24 * 60),
    ),
    st.datetimes(
        min_value=dt.datetime(2026, 1, 1),
        max_value=dt.datetime(2027, 12, 31),
        timezones=st.just(dt.UTC),
    ),
)
services = st.builds(
    lambda calendar, lo, extra: CarrierService(
        "svc", "Service", (TransitBand(None, lo, lo + extra),), calendar
    ),
    calendars,
    st.integers(0, 5),
    st.integers(0, 4),
)


def _open_days_between(calendar: Calendar, after: dt.date, upto: dt.date) -> int:
    """Open days d with after < d ≤ upto, counted one by one."""
    count, day = 0, after
    while day < upto:
        day += dt.timedelta(days=1)
        count += calendar.is_open(day)
    return count


def _nth_open_day(calendar: Calendar, after: dt.date, n: int) -> dt.date:
    """Transit days, counted one by one: 0 is the ship day itself if the service delivers then."""
    day = after
    if n == 0:
        while not calendar.is_open(day):
            day += dt.timedelta(days=1)
        return day
    while n:
        day += dt.timedelta(days=1)
        n -= calendar.is_open(day)
    return day


@settings(max_examples=400, deadline=None)
@given(profile=profiles, order_time=order_times)
def test_ship_date_is_a_working_day_no_earlier_than_the_cutoff_allows(profile, order_time):
    ship = hand_over(profile, order_time).ship_date
    local = order_time.astimezone(profile.tz)

    assert profile.calendar.is_open(ship)
    assert ship >= local.date()
    # An order after the day's cut-off (or on a closed day) never ships that day.
    if not profile.calendar.is_open(local.date()) or order_time >= cutoff_instant(
        profile, local.date()
    ):
        assert ship > local.date()
    if profile.cutoff is not None and local.time() >= profile.cutoff:
        assert ship > local.date()
    if profile.handling.unit == HandlingUnit.BUSINESS_DAYS:
        # The first day the order counts for, found day by day; then exactly N working days.
        start = local.date()
        while not (profile.calendar.is_open(start) and order_time < cutoff_instant(profile, start)):
            start += dt.timedelta(days=1)
        assert _open_days_between(profile.calendar, start, ship) == profile.handling.amount
    else:
        # Ready (handling hours after the order at the earliest) before the ship day's cut-off.
        ready = order_time + dt.timedelta(hours=profile.handling.amount)
        assert ready < cutoff_instant(profile, ship)


@settings(max_examples=600, deadline=None)
@given(
    profile=profiles,
    first=order_times,
    later_by=st.one_of(st.integers(0, 120), st.integers(0, 10 * 24 * 60)),
)
def test_a_later_order_never_ships_or_arrives_earlier(profile, first, later_by):
    later = first + dt.timedelta(minutes=later_by)
    service = CarrierService("svc", "Service", (TransitBand(None, 1, 3),))

    def promise(order_time):
        shipment = PlannedShipment("L", (PromiseLine("l1", "A", 1),))
        return promise_order(
            PromiseRequest(order_time, (shipment,), {"L": profile}, {"L": {"A": 1}}, service)
        )

    assert hand_over(profile, later).ship_date >= hand_over(profile, first).ship_date
    assert promise(later).delivery.earliest >= promise(first).delivery.earliest
    assert promise(later).delivery.latest >= promise(first).delivery.latest


@settings(max_examples=300, deadline=None)
@given(profile=profiles, order_time=order_times)
def test_order_by_is_exactly_the_last_moment_that_keeps_the_ship_date(profile, order_time):
    handover = hand_over(profile, order_time)
    just_before = handover.order_by - dt.timedelta(microseconds=1)

    assert handover.order_by > order_time
    assert hand_over(profile, just_before).ship_date == handover.ship_date
    assert hand_over(profile, handover.order_by).ship_date > handover.ship_date


@settings(max_examples=300, deadline=None)
@given(profile=profiles, service=services, order_time=order_times)
def test_delivery_only_on_days_the_service_delivers_and_within_its_band(
    profile, service, order_time
):
    request = PromiseRequest(
        order_time=order_time,
        shipments=(PlannedShipment("L", (PromiseLine("l1", "A", 1),), 40.0),),
        locations={"L": profile},
        stock={"L": {"A": 1}},
        service=service,
    )

    promise = promise_order(request)

    (shipment,) = promise.shipments
    window = shipment.delivery
    band = service.bands[0]
    assert service.calendar.is_open(window.earliest)
    assert service.calendar.is_open(window.latest)
    assert shipment.ship_date <= window.earliest <= window.latest
    assert window.earliest == _nth_open_day(service.calendar, shipment.ship_date, band.min_days)
    assert window.latest == _nth_open_day(service.calendar, shipment.ship_date, band.max_days)
    assert promise.delivery == window
    assert promise.countdown is not None
    assert promise.countdown.total_minutes == shipment.countdown.total_minutes


VARIANTS = ("A", "B", "C")
stocks = st.dictionaries(
    st.sampled_from(("L0", "L1", "L2")),
    st.dictionaries(st.sampled_from(VARIANTS), st.integers(0, 3)),
)
claims = st.lists(
    st.tuples(
        st.sampled_from(("L0", "L1", "L2")),
        st.lists(st.tuples(st.sampled_from(VARIANTS), st.integers(1, 3)), min_size=1, max_size=3),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(stock=stocks, claimed=claims, order_time=order_times)
def test_a_promise_never_claims_a_location_without_the_stock_for_its_lines(
    stock, claimed, order_time
):
    shipments = tuple(
        PlannedShipment(
            location,
            tuple(
                PromiseLine(f"s{n}-{m}", variant, units) for m, (variant, units) in enumerate(lines)
            ),
        )
        for n, (location, lines) in enumerate(claimed)
    )
    profiles_by_id = {
        f"L{n}": LocationProfile(f"L{n}", f"Location {n}", "Europe/Warsaw") for n in range(3)
    }
    request = PromiseRequest(order_time, shipments, profiles_by_id, stock)

    promise = promise_order(request)

    wanted: dict[tuple[str, str], int] = {}
    for shipment in shipments:
        for line in shipment.lines:
            key = (shipment.location_id, line.variant_id)
            wanted[key] = wanted.get(key, 0) + line.quantity
    variant_of = {line.line_id: line.variant_id for s in shipments for line in s.lines}
    for promised in promise.shipments:
        location = promised.location_id
        for line_id in promised.line_ids:
            # Enough for every parcel leaving that location, not only this one.
            units = wanted[location, variant_of[line_id]]
            assert stock.get(location, {}).get(variant_of[line_id], 0) >= units
    every_line = {line.line_id for s in shipments for line in s.lines}
    accounted = {i for s in promise.shipments for i in s.line_ids} | {
        i for u in promise.unpromised for i in u.line_ids
    }
    assert accounted == every_line
    assert all(u.reason == UnpromisedReason.NOT_IN_STOCK for u in promise.unpromised)


@st.composite
def routing_requests(draw) -> RoutingRequest:
    locations = tuple(
        CandidateLocation(
            location_id=f"L{n}",
            name=f"Location {n}",
            coordinates=Coordinates(
                draw(st.floats(min_value=30, max_value=45)),
                draw(st.floats(min_value=-120, max_value=-75)),
            ),
            country="US",
            stock={v: draw(st.integers(min_value=0, max_value=3)) for v in VARIANTS},
            priority=n,
        )
        for n in range(draw(st.integers(min_value=1, max_value=4)))
    )
    variants = draw(st.lists(st.sampled_from(VARIANTS), min_size=1, max_size=3, unique=True))
    lines = tuple(
        OrderLine(f"line{n}", v, v, draw(st.integers(min_value=1, max_value=4)), 1.0)
        for n, v in enumerate(variants)
    )
    destination = Destination(Address("US"), Coordinates(40.7, -74.0))
    return RoutingRequest("O1", "web", lines, destination, locations)


RULESET = parse_ruleset(
    {
        "name": "promise",
        "version": 1,
        "state": "published",
        "rules": [{"type": "fewest_shipments"}, {"type": "nearest"}],
    }
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=routing_requests(), order_time=order_times, profile=profiles)
def test_promising_a_routing_decision_claims_only_stocked_locations(request, order_time, profile):
    decision = route(request, RULESET, now=order_time)
    locations = {
        c.location_id: LocationProfile(
            c.location_id, c.name, profile.timezone, profile.calendar, profile.cutoff
        )
        for c in request.locations
    }
    service = CarrierService("ground", "Ground", (TransitBand(None, 1, 5),))

    promise = promise_order(
        promise_request_from_decision(
            decision,
            candidates=request.locations,
            locations=locations,
            order_time=order_time,
            service=service,
        )
    )

    stock = {c.location_id: c.stock for c in request.locations}
    lines = {line.line_id: line for line in request.lines}
    for shipment in promise.shipments:
        for line_id in shipment.line_ids:
            assert stock[shipment.location_id].get(lines[line_id].variant_id, 0) >= 1
    assert promise.complete == (not decision.backorder)


# Nights the clocks go back, with a cut-off inside the hour that happens twice.
REPEATED_HOURS = (
    ("America/Los_Angeles", dt.date(2026, 11, 1), dt.time(1, 30)),
    ("Europe/Warsaw", dt.date(2026, 10, 25), dt.time(2, 30)),
    ("Australia/Sydney", dt.date(2026, 4, 5), dt.time(2, 30)),
)


@settings(max_examples=200, deadline=None)
@given(
    night=st.sampled_from(REPEATED_HOURS),
    first=st.integers(0, 6 * 60),
    later_by=st.integers(0, 3 * 60),
    handling=handlings,
)
def test_the_hour_that_happens_twice_never_moves_a_later_order_earlier(
    night, first, later_by, handling
):
    zone, day, cutoff = night
    profile = LocationProfile(
        "L", "Here", zone, Calendar(frozenset(range(7))), cutoff=cutoff, handling=handling
    )
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)
    earlier = midnight + dt.timedelta(minutes=first)
    later = earlier + dt.timedelta(minutes=later_by)

    assert hand_over(profile, later).ship_date >= hand_over(profile, earlier).ship_date
    # The first time the clock shows the cut-off is that many hours after midnight.
    first_cutoff = midnight + dt.timedelta(hours=cutoff.hour, minutes=cutoff.minute)
    if earlier >= first_cutoff and handling.amount == 0:
        assert hand_over(profile, earlier).ship_date > day
