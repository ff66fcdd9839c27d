"""The rollup rows of a tenant's orders, computed from the order read model and the order-flow
records of the domains below (routing plans and their shipments, sold promises, location
calendars).

Each order has one fact row (``models.OrderFact``: its bucket key, counts, money, flags and
the histogram bin of each cycle time) and a row per location it touched
(``models.OrderLocationFact``). One function, :func:`facts_write`, computes them for one order
(the incremental update) or set-wise for every order of the tenant (the rebuild), and one,
:func:`rollup_rows`, sums a bucket (or every bucket) from them, so both paths give the same rows
by construction; the property test holds them to it. Draft and expired orders are not orders
yet (or any more) and count nowhere; a cancelled order counts only in ``cancelled_orders``.

What the figures mean (see also ``models.DailyRollup``):

- an order's first plan is its first stored routing plan (lowest id), its newest plan the last
  one stored; a shipment
  is *sent* when Saleor created it (``applied``, or ``short_picked`` afterwards);
- cycle times run from ``paid_at`` to the first plan's ``decided_at`` to the first fulfilment
  that is not cancelled; a leg with an end unknown is not counted;
- an order is judged on time by its sold promise once kept or broken; an order without a
  promise, fully fulfilled, by the handling time of the location of its first fulfilment
  (``LocationDeliveryCalendar``: hours, or business days read as whole days, at least one),
  from payment (or creation) to its last fulfilment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from saleor_oms_plugin.delivery.models import LocationDeliveryCalendar, SoldPromise
from saleor_oms_plugin.fulfilment.models import PlanShipment, RoutingPlan
from saleor_oms_plugin.insights.histograms import BINS, bin_sql, empty_histogram
from saleor_oms_plugin.insights.models import DailyRollup, OrderFact, OrderLocationFact
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import Fulfillment, FulfillmentLine, Order, OrderLine

CANCELLED = "CANCELED"
NOT_ORDERS = ("DRAFT", "EXPIRED")
SENT = ("applied", "short_picked")
FIRST_PLAN_SPOILED = ("short_picked", "cancelled", "failed")
HISTOGRAMS = ("paid_to_routed", "routed_to_shipped", "paid_to_shipped")
FIGURES = (
    "orders",
    "cancelled_orders",
    "lines",
    "units",
    "gross_total",
    "net_total",
    "shipped_orders",
    "split_orders",
    "shipments",
    "units_shipped",
    "first_plan_complete_orders",
    "routed_orders",
    "routing_cost",
    "routing_baseline_cost",
    "ship_judged_orders",
    "shipped_with_promise",
    "shipped_on_time",
    "backordered_orders",
    "backordered_units",
    "short_picks",
    *HISTOGRAMS,
)


@dataclass(frozen=True)
class Bucket:
    """The orders of one day (in the tenant's reporting time zone), channel and currency:
    what one order's change recomputes."""

    day: date
    channel_slug: str
    currency: str
    time_zone: str = "UTC"

    @classmethod
    def of(
        cls, created_at: datetime, channel_slug: str, currency: str, time_zone: str = "UTC"
    ) -> Bucket:
        return cls(
            created_at.astimezone(ZoneInfo(time_zone)).date(), channel_slug, currency, time_zone
        )

    def bounds(self) -> tuple[datetime, datetime]:
        """The instants the day starts and the next one starts (DST days are 23 or 25 h)."""
        zone = ZoneInfo(self.time_zone)
        start = datetime.combine(self.day, time.min, tzinfo=zone)
        end = datetime.combine(self.day + timedelta(days=1), time.min, tzinfo=zone)
        return start, end


def _tables() -> dict[str, str]:
    return {
        "order": Order._meta.db_table,
        "line": OrderLine._meta.db_table,
        "fulfillment": Fulfillment._meta.db_table,
        "fulfillment_line": FulfillmentLine._meta.db_table,
        "plan": RoutingPlan._meta.db_table,
        "plan_shipment": PlanShipment._meta.db_table,
        "promise": SoldPromise._meta.db_table,
        "calendar": LocationDeliveryCalendar._meta.db_table,
        "location": Location._meta.db_table,
        "fact": OrderFact._meta.db_table,
        "location_fact": OrderLocationFact._meta.db_table,
    }


# The tenant's orders (or one), with their day in the reporting time zone.
_ORDERS = """
SELECT o.id, o.channel_slug, o.currency, o.status, o.total_gross, o.total_net, o.paid_at,
       o.saleor_created_at, o.status <> 'CANCELED' AS live,
       (o.saleor_created_at AT TIME ZONE %(tz)s)::date AS day
FROM {order} o
WHERE o.tenant_id = %(tenant)s AND o.status NOT IN ('DRAFT', 'EXPIRED') {one}
"""
_ONE_ORDER = "AND o.id = %(order)s"


def _order_facts_sql(tables: dict[str, str], one: str) -> str:
    """The INSERT of the order facts of the tenant's orders (or of one)."""
    minutes = "EXTRACT(EPOCH FROM ({} - {})) / 60"
    return f"""
WITH o AS MATERIALIZED ({_ORDERS.format(one=one, **tables)}),
l AS (
  SELECT order_id, count(*) AS n, sum(quantity) AS units
  FROM {tables["line"]} WHERE order_id IN (SELECT id FROM o) GROUP BY order_id),
f AS (
  SELECT order_id, count(*) AS n, min(saleor_created_at) AS first_at,
         max(saleor_created_at) AS last_at,
         (array_agg(warehouse_id ORDER BY saleor_created_at, id))[1] AS first_warehouse
  FROM {tables["fulfillment"]}
  WHERE status <> 'CANCELED' AND order_id IN (SELECT id FROM o) GROUP BY order_id),
p AS (
  SELECT order_id, count(*) AS n, min(id) AS first_id, max(id) AS newest_id
  FROM {tables["plan"]} WHERE order_id IN (SELECT id FROM o) GROUP BY order_id),
s AS (
  SELECT p.order_id,
         count(*) FILTER (WHERE ps.state = ANY(%(sent)s)) AS sent,
         sum(ps.cost) FILTER (WHERE ps.state = ANY(%(sent)s)) AS cost,
         count(*) FILTER (WHERE ps.short_lines <> '{{}}'::jsonb) AS short,
         count(*) FILTER (WHERE ps.plan_id = p.first_id AND ps.state = ANY(%(spoiled)s)) AS spoiled
  FROM p JOIN {tables["plan"]} plan ON plan.order_id = p.order_id
  JOIN {tables["plan_shipment"]} ps ON ps.plan_id = plan.id
  GROUP BY p.order_id),
facts AS (
  SELECT o.*, COALESCE(l.n, 0) AS line_count, COALESCE(l.units, 0) AS unit_count,
         COALESCE(f.n, 0) AS shipment_count,
         COALESCE(s.sent, 0) > 0 AS routed,
         COALESCE(s.cost, 0) AS cost,
         COALESCE((first_plan.decision ->> 'baseline_cost')::numeric, s.cost, 0) AS baseline,
         COALESCE(s.short, 0) AS short,
         COALESCE(COALESCE(f.n, 0) > 0 AND p.n = 1 AND first_plan.state = 'applied'
           AND COALESCE(jsonb_array_length(first_plan.decision -> 'backorder'), 0) = 0
           AND COALESCE(s.spoiled, 0) = 0, false) AS first_plan_complete,
         COALESCE((SELECT sum((b ->> 'quantity')::int)
                   FROM jsonb_array_elements(newest.decision -> 'backorder') b), 0)
           AS backordered_units,
         promise.ship_kept,
         CASE
           WHEN promise.id IS NULL AND o.status = 'FULFILLED' AND calendar.id IS NOT NULL
           THEN f.last_at <= COALESCE(o.paid_at, o.saleor_created_at) + CASE
             WHEN calendar.handling_unit = 'hours'
             THEN make_interval(hours => calendar.handling_amount)
             ELSE make_interval(days => GREATEST(calendar.handling_amount, 1)) END
         END AS sla_kept,
         {bin_sql(minutes.format("COALESCE(first_plan.decided_at, first_plan.created_at)", "o.paid_at"))}
           AS paid_to_routed_bin,
         {bin_sql(minutes.format("f.first_at", "COALESCE(first_plan.decided_at, first_plan.created_at)"))}
           AS routed_to_shipped_bin,
         {bin_sql(minutes.format("f.first_at", "o.paid_at"))} AS paid_to_shipped_bin
  FROM o
  LEFT JOIN l ON l.order_id = o.id
  LEFT JOIN f ON f.order_id = o.id
  LEFT JOIN p ON p.order_id = o.id
  LEFT JOIN s ON s.order_id = o.id
  LEFT JOIN {tables["plan"]} first_plan ON first_plan.id = p.first_id
  LEFT JOIN {tables["plan"]} newest ON newest.id = p.newest_id
  LEFT JOIN {tables["promise"]} promise ON promise.order_id = o.id
  LEFT JOIN {tables["location"]} location
    ON promise.id IS NULL AND location.tenant_id = %(tenant)s
   AND location.saleor_id = f.first_warehouse AND f.first_warehouse <> ''
  LEFT JOIN {tables["calendar"]} calendar ON calendar.location_id = location.id
)
INSERT INTO {tables["fact"]} (
  tenant_id, order_id, day, channel_slug, currency, live, lines, units, gross_total,
  net_total, shipments, first_plan_complete, routed, routing_cost, routing_baseline_cost,
  ship_judged, shipped_with_promise, shipped_on_time, backordered_units, short_picks,
  paid_to_routed_bin, routed_to_shipped_bin, paid_to_shipped_bin)
SELECT %(tenant)s, id, day, channel_slug, currency, live, line_count, unit_count,
  total_gross, total_net, shipment_count, first_plan_complete, routed,
  cost::numeric, baseline::numeric,
  COALESCE(ship_kept, sla_kept) IS NOT NULL, ship_kept IS NOT NULL,
  COALESCE(COALESCE(ship_kept, sla_kept), false), backordered_units, short,
  paid_to_routed_bin, routed_to_shipped_bin, paid_to_shipped_bin
FROM facts
"""


def _location_facts_sql(tables: dict[str, str], one: str) -> str:
    """The INSERT of the location facts of the tenant's live orders (or of one): what each
    location shipped (fulfilments that are not cancelled), was sent by the plans and
    short-picked of each order."""
    return f"""
WITH o AS MATERIALIZED ({_ORDERS.format(one=one, **tables)}),
shipped AS (
  SELECT o.id AS order_id, f.warehouse_id, count(DISTINCT f.id) AS shipments,
         COALESCE(sum(fl.quantity), 0) AS units_shipped, false AS routed, 0 AS cost, 0 AS short
  FROM o JOIN {tables["fulfillment"]} f ON f.order_id = o.id
  LEFT JOIN {tables["fulfillment_line"]} fl ON fl.fulfillment_id = f.id
  WHERE o.live AND f.status <> 'CANCELED' AND f.warehouse_id <> ''
  GROUP BY o.id, f.warehouse_id),
planned AS (
  SELECT o.id AS order_id, location.saleor_id AS warehouse_id, 0 AS shipments,
         0 AS units_shipped, bool_or(ps.state = ANY(%(sent)s)) AS routed,
         COALESCE(sum(ps.cost) FILTER (WHERE ps.state = ANY(%(sent)s)), 0) AS cost,
         count(*) FILTER (WHERE ps.short_lines <> '{{}}'::jsonb) AS short
  FROM o JOIN {tables["plan"]} p ON p.order_id = o.id
  JOIN {tables["plan_shipment"]} ps ON ps.plan_id = p.id
  JOIN {tables["location"]} location ON location.id = ps.location_id
  WHERE o.live AND location.saleor_id <> ''
  GROUP BY o.id, location.saleor_id
  HAVING count(*) FILTER (WHERE ps.state = ANY(%(sent)s) OR ps.short_lines <> '{{}}'::jsonb) > 0)
INSERT INTO {tables["location_fact"]} (
  tenant_id, order_id, day, channel_slug, currency, warehouse_id, shipments, units_shipped,
  routed, routing_cost, short_picks)
SELECT %(tenant)s, o.id, o.day, o.channel_slug, o.currency, both_.warehouse_id,
  sum(both_.shipments), sum(both_.units_shipped), bool_or(both_.routed),
  sum(both_.cost)::numeric, sum(both_.short)
FROM (SELECT * FROM shipped UNION ALL SELECT * FROM planned) both_
JOIN o ON o.id = both_.order_id
GROUP BY o.id, o.day, o.channel_slug, o.currency, both_.warehouse_id
"""


def _histograms_sql() -> str:
    return ",\n".join(
        "ARRAY["
        + ", ".join(
            f"count(*) FILTER (WHERE live AND {name}_bin = {index})" for index in range(BINS)
        )
        + f"] AS {name}"
        for name in HISTOGRAMS
    )


def _order_level_sql(tables: dict[str, str], bucket: str) -> str:
    """The order-level rows: the buckets' sums of their orders' facts (one indexed aggregate
    for a bucket)."""
    return f"""
SELECT day, channel_slug, currency,
  count(*) FILTER (WHERE live) AS orders,
  count(*) FILTER (WHERE NOT live) AS cancelled_orders,
  COALESCE(sum(lines) FILTER (WHERE live), 0) AS lines,
  COALESCE(sum(units) FILTER (WHERE live), 0) AS units,
  COALESCE(sum(gross_total) FILTER (WHERE live), 0) AS gross_total,
  COALESCE(sum(net_total) FILTER (WHERE live), 0) AS net_total,
  count(*) FILTER (WHERE live AND shipments > 0) AS shipped_orders,
  count(*) FILTER (WHERE live AND shipments > 1) AS split_orders,
  COALESCE(sum(shipments) FILTER (WHERE live), 0) AS shipments,
  0 AS units_shipped,
  count(*) FILTER (WHERE live AND first_plan_complete) AS first_plan_complete_orders,
  count(*) FILTER (WHERE live AND routed) AS routed_orders,
  COALESCE(sum(routing_cost) FILTER (WHERE live AND routed), 0) AS routing_cost,
  COALESCE(sum(routing_baseline_cost) FILTER (WHERE live AND routed), 0)
    AS routing_baseline_cost,
  count(*) FILTER (WHERE live AND ship_judged) AS ship_judged_orders,
  count(*) FILTER (WHERE live AND shipped_with_promise) AS shipped_with_promise,
  count(*) FILTER (WHERE live AND shipped_on_time) AS shipped_on_time,
  count(*) FILTER (WHERE live AND backordered_units > 0) AS backordered_orders,
  COALESCE(sum(backordered_units) FILTER (WHERE live), 0) AS backordered_units,
  COALESCE(sum(short_picks) FILTER (WHERE live), 0) AS short_picks,
  {_histograms_sql()}
FROM {tables["fact"]}
WHERE tenant_id = %(tenant)s {bucket}
GROUP BY day, channel_slug, currency
"""


def _location_sql(tables: dict[str, str], bucket: str) -> str:
    """The location rows: the buckets' sums of their orders' location facts."""
    return f"""
SELECT day, channel_slug, currency, warehouse_id,
  sum(shipments) AS shipments, sum(units_shipped) AS units_shipped,
  count(*) FILTER (WHERE routed) AS routed_orders, sum(routing_cost) AS routing_cost,
  sum(short_picks) AS short_picks
FROM {tables["location_fact"]}
WHERE tenant_id = %(tenant)s {bucket}
GROUP BY day, channel_slug, currency, warehouse_id
"""


_BUCKET = "AND day = %(day)s AND channel_slug = %(channel)s AND currency = %(currency)s"


def _fetch(sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _without_jit() -> None:
    """No JIT compilation for the rest of the transaction: the wide aggregates of these
    statements cost more to compile than to run, and the planner's guess of their size (which
    decides JIT) is far off for CTEs."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")


def _money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.0001"))


def facts_write(*, tenant_id: int, time_zone: str, order_id: int | None = None) -> None:
    """Replace the facts of one order (or of every order of the tenant: set-wise, two
    statements) with those the read model and the order flow give now, its day in
    ``time_zone``. An order that is not one (draft, expired) or no more is left without."""
    if not connection.in_atomic_block:
        with transaction.atomic():
            return facts_write(tenant_id=tenant_id, time_zone=time_zone, order_id=order_id)
    _without_jit()
    tables = _tables()
    params: dict[str, Any] = {
        "tenant": tenant_id,
        "tz": time_zone,
        "sent": list(SENT),
        "spoiled": list(FIRST_PLAN_SPOILED),
        "order": order_id,
    }
    one = _ONE_ORDER if order_id is not None else ""
    for model in (OrderFact, OrderLocationFact):
        # One order's rows by its id alone: with the tenant too, PostgreSQL combines both
        # indexes and reads the tenant's whole index (tens of milliseconds at a million orders).
        stored = (
            model.objects.filter(order_id=order_id)
            if order_id is not None
            else model.objects.filter(tenant_id=tenant_id)
        )
        stored.delete()
    with connection.cursor() as cursor:
        cursor.execute(_order_facts_sql(tables, one), params)
        cursor.execute(_location_facts_sql(tables, one), params)
    return None


def rollup_rows(*, tenant_id: int, bucket: Bucket | None = None) -> list[DailyRollup]:
    """The rollup rows (unsaved) of the tenant's buckets, or of one, summed from the stored
    facts (:func:`facts_write`): the order-level row of each bucket, then a row for each
    location that shipped or was sent some of its orders."""
    tables = _tables()
    params: dict[str, Any] = {"tenant": tenant_id}
    condition = ""
    if bucket is not None:
        params.update(day=bucket.day, channel=bucket.channel_slug, currency=bucket.currency)
        condition = _BUCKET
    rows = [
        DailyRollup(
            tenant_id=tenant_id,
            warehouse_id="",
            **{
                **row,
                "gross_total": _money(row["gross_total"]),
                "net_total": _money(row["net_total"]),
                "routing_cost": _money(row["routing_cost"]),
                "routing_baseline_cost": _money(row["routing_baseline_cost"]),
            },
        )
        for row in _fetch(_order_level_sql(tables, condition), params)
    ]
    for row in _fetch(_location_sql(tables, condition), params):
        cost = _money(row["routing_cost"])
        rows.append(
            DailyRollup(
                tenant_id=tenant_id,
                day=row["day"],
                channel_slug=row["channel_slug"],
                currency=row["currency"],
                warehouse_id=row["warehouse_id"],
                shipments=row["shipments"],
                units_shipped=row["units_shipped"],
                routed_orders=row["routed_orders"],
                # A location's saving is not attributable: its baseline is its own cost.
                routing_cost=cost,
                routing_baseline_cost=cost,
                short_picks=row["short_picks"],
                paid_to_routed=empty_histogram(),
                routed_to_shipped=empty_histogram(),
                paid_to_shipped=empty_histogram(),
            )
        )
    return rows
