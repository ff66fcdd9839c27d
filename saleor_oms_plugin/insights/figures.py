"""The rollup rows of a tenant's orders, computed from the order read model and the order-flow
records of the domains below (routing plans and their shipments, sold promises, location
calendars).

Each order has one fact row (``models.OrderFact``: its bucket key, counts, money, flags and
the histogram bin of each cycle time) and a row per location it touched
(``models.OrderLocationFact``). One function, :func:`facts_write`, computes them for one order
(the incremental update) or set-wise for every order of the tenant (the rebuild), and one
query sums a bucket (or every bucket) from them: :func:`bucket_write` writes one bucket's sums
(the update), :func:`rollups_insert` every bucket's (the rebuild) and :func:`rollup_rows` reads
them, so both paths give the same rows by construction; the property test holds them to it.
Draft and expired orders are not orders yet (or any more) and count nowhere; a cancelled order
counts only in ``cancelled_orders``.

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
from saleor_oms_plugin.insights.histograms import BINS, bin_sql
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
        "rollup": DailyRollup._meta.db_table,
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


def _facts_sql(tables: dict[str, str], one: str) -> str:
    """The INSERT of the order facts and the location facts of the tenant's orders (or of
    one), in one statement: both read the same orders and plan shipments, computed once.

    Each table is read in one pass and aggregated by order (a rebuild hashes them whole): the
    plan shipments summed by plan, then the plans by order with their first and newest marked
    by a window over the order's plans; the fulfilment lines summed by fulfilment. Each joins
    the orders (``o``), whose join the planner estimates from the other table's statistics:
    against ``IN (SELECT id FROM o)`` it guessed 200 orders and chose index loops and sorts
    spilled to disk, several times slower at a million orders."""
    minutes = "EXTRACT(EPOCH FROM ({} - {})) / 60"
    return f"""
WITH o AS MATERIALIZED ({_ORDERS.format(one=one, **tables)}),
l AS (
  SELECT order_id, count(*) AS n, sum(quantity) AS units
  FROM {tables["line"]} line JOIN o ON o.id = line.order_id GROUP BY order_id),
f AS (
  SELECT ful.order_id, count(*) AS n, min(ful.saleor_created_at) AS first_at,
         max(ful.saleor_created_at) AS last_at,
         (array_agg(ful.warehouse_id ORDER BY ful.saleor_created_at, ful.id))[1]
           AS first_warehouse
  FROM {tables["fulfillment"]} ful JOIN o ON o.id = ful.order_id
  WHERE ful.status <> 'CANCELED' GROUP BY ful.order_id),
shipments AS (
  SELECT ps.plan_id, count(*) FILTER (WHERE ps.state = ANY(%(sent)s)) AS sent,
         sum(ps.cost) FILTER (WHERE ps.state = ANY(%(sent)s)) AS cost,
         count(*) FILTER (WHERE ps.short_lines <> '{{}}'::jsonb) AS short,
         count(*) FILTER (WHERE ps.state = ANY(%(spoiled)s)) AS spoiled
  FROM {tables["plan_shipment"]} ps JOIN {tables["plan"]} plan ON plan.id = ps.plan_id
  JOIN o ON o.id = plan.order_id
  GROUP BY ps.plan_id),
p AS (
  SELECT order_id, count(*) AS n, sum(sent) AS sent, sum(cost) AS cost, sum(short) AS short,
         max(spoiled) FILTER (WHERE first) AS spoiled,
         max(state) FILTER (WHERE first) AS first_state,
         max((decision ->> 'baseline_cost')::numeric) FILTER (WHERE first) AS first_baseline,
         max(COALESCE(jsonb_array_length(decision -> 'backorder'), 0)) FILTER (WHERE first)
           AS first_backorder,
         max(decided_at) FILTER (WHERE first) AS first_decided_at,
         sum((SELECT sum((b ->> 'quantity')::int)
              FROM jsonb_array_elements(decision -> 'backorder') b)) FILTER (WHERE newest)
           AS backordered_units
  FROM (
    SELECT plan.order_id, plan.state, plan.decision,
           COALESCE(plan.decided_at, plan.created_at) AS decided_at,
           plan.id = min(plan.id) OVER orders_plans AS first,
           plan.id = max(plan.id) OVER orders_plans AS newest,
           shipments.sent, shipments.cost, shipments.short, shipments.spoiled
    FROM {tables["plan"]} plan JOIN o ON o.id = plan.order_id
    LEFT JOIN shipments ON shipments.plan_id = plan.id
    WINDOW orders_plans AS (PARTITION BY plan.order_id)) plan
  GROUP BY order_id),
facts AS (
  SELECT o.*, COALESCE(l.n, 0) AS line_count, COALESCE(l.units, 0) AS unit_count,
         COALESCE(f.n, 0) AS shipment_count,
         COALESCE(p.sent, 0) > 0 AS routed,
         COALESCE(p.cost, 0) AS cost,
         COALESCE(p.first_baseline, p.cost, 0) AS baseline,
         COALESCE(p.short, 0) AS short,
         COALESCE(COALESCE(f.n, 0) > 0 AND p.n = 1 AND p.first_state = 'applied'
           AND p.first_backorder = 0 AND COALESCE(p.spoiled, 0) = 0, false)
           AS first_plan_complete,
         COALESCE(p.backordered_units, 0) AS backordered_units,
         promise.ship_kept,
         CASE
           WHEN promise.id IS NULL AND o.status = 'FULFILLED' AND calendar.id IS NOT NULL
           THEN f.last_at <= COALESCE(o.paid_at, o.saleor_created_at) + CASE
             WHEN calendar.handling_unit = 'hours'
             THEN make_interval(hours => calendar.handling_amount)
             ELSE make_interval(days => GREATEST(calendar.handling_amount, 1)) END
         END AS sla_kept,
         {bin_sql(minutes.format("p.first_decided_at", "o.paid_at"))} AS paid_to_routed_bin,
         {bin_sql(minutes.format("f.first_at", "p.first_decided_at"))} AS routed_to_shipped_bin,
         {bin_sql(minutes.format("f.first_at", "o.paid_at"))} AS paid_to_shipped_bin
  FROM o
  LEFT JOIN l ON l.order_id = o.id
  LEFT JOIN f ON f.order_id = o.id
  LEFT JOIN p ON p.order_id = o.id
  LEFT JOIN {tables["promise"]} promise ON promise.order_id = o.id
  LEFT JOIN {tables["location"]} location
    ON promise.id IS NULL AND location.tenant_id = %(tenant)s
   AND location.saleor_id = f.first_warehouse AND f.first_warehouse <> ''
  LEFT JOIN {tables["calendar"]} calendar ON calendar.location_id = location.id
),
written AS (
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
  FROM facts),
-- What each location shipped (fulfilments that are not cancelled, their lines summed) and
-- was sent by the plans and short-picked, for the live orders.
shipped AS (
  SELECT f.order_id, f.warehouse_id, count(*) AS shipments,
         COALESCE(sum(f.units), 0) AS units_shipped
  FROM (SELECT f.id, f.order_id, f.warehouse_id, sum(fl.quantity) AS units
        FROM {tables["fulfillment"]} f JOIN o ON o.id = f.order_id AND o.live
        LEFT JOIN {tables["fulfillment_line"]} fl ON fl.fulfillment_id = f.id
        WHERE f.status <> 'CANCELED' AND f.warehouse_id <> ''
        GROUP BY f.id) f
  GROUP BY f.order_id, f.warehouse_id),
planned AS (
  SELECT plan.order_id, location.saleor_id AS warehouse_id,
         bool_or(ps.state = ANY(%(sent)s)) AS routed,
         COALESCE(sum(ps.cost) FILTER (WHERE ps.state = ANY(%(sent)s)), 0) AS cost,
         count(*) FILTER (WHERE ps.short_lines <> '{{}}'::jsonb) AS short
  FROM {tables["plan"]} plan JOIN o ON o.id = plan.order_id AND o.live
  JOIN {tables["plan_shipment"]} ps ON ps.plan_id = plan.id
  JOIN {tables["location"]} location ON location.id = ps.location_id
  WHERE location.saleor_id <> ''
  GROUP BY plan.order_id, location.saleor_id
  HAVING count(*) FILTER (
    WHERE ps.state = ANY(%(sent)s) OR ps.short_lines <> '{{}}'::jsonb) > 0)
INSERT INTO {tables["location_fact"]} (
  tenant_id, order_id, day, channel_slug, currency, warehouse_id, shipments, units_shipped,
  routed, routing_cost, short_picks)
SELECT %(tenant)s, o.id, o.day, o.channel_slug, o.currency, both_.warehouse_id,
  both_.shipments, both_.units_shipped, both_.routed, both_.cost, both_.short
FROM (
  SELECT COALESCE(shipped.order_id, planned.order_id) AS order_id,
         COALESCE(shipped.warehouse_id, planned.warehouse_id) AS warehouse_id,
         COALESCE(shipped.shipments, 0) AS shipments,
         COALESCE(shipped.units_shipped, 0) AS units_shipped,
         COALESCE(planned.routed, false) AS routed,
         COALESCE(planned.cost, 0)::numeric AS cost, COALESCE(planned.short, 0) AS short
  FROM shipped FULL JOIN planned
    ON planned.order_id = shipped.order_id AND planned.warehouse_id = shipped.warehouse_id
) both_
JOIN o ON o.id = both_.order_id
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


def _rollups_sql(tables: dict[str, str], bucket: str) -> str:
    """The rollup rows of the buckets (or of one), as ``DailyRollup``'s columns: the
    order-level row of each bucket (the sums of its orders' facts; one indexed aggregate for a
    bucket), then a row for each location that shipped or was sent some of its orders (the
    sums of their location facts; a location's saving is not attributable, so its baseline is
    its own cost). The rebuild inserts them as they are; an update reads them."""
    return f"""
SELECT day, channel_slug, currency, '' AS warehouse_id,
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
UNION ALL
SELECT day, channel_slug, currency, warehouse_id,
  0, 0, 0, 0, 0, 0, 0, 0,
  sum(shipments), sum(units_shipped), 0,
  count(*) FILTER (WHERE routed), sum(routing_cost), sum(routing_cost),
  0, 0, 0, 0, 0,
  sum(short_picks),
  {", ".join([f"array_fill(0::bigint, ARRAY[{BINS}])"] * len(HISTOGRAMS))}
FROM {tables["location_fact"]}
WHERE tenant_id = %(tenant)s {bucket}
GROUP BY day, channel_slug, currency, warehouse_id
"""


_KEY = ("day", "channel_slug", "currency", "warehouse_id")


def _rollups_insert_sql(tables: dict[str, str], bucket: str) -> str:
    """The INSERT of the rollup rows of the tenant's buckets (or of one), summed in the
    database; the histograms stored as the JSON lists the model holds."""
    columns = ", ".join([*_KEY, *FIGURES])
    values = ", ".join(
        [*_KEY, *(f"to_jsonb({name})" if name in HISTOGRAMS else name for name in FIGURES)]
    )
    return f"""
INSERT INTO {tables["rollup"]} AS stored (tenant_id, {columns}, updated_at)
SELECT %(tenant)s, {values}, now()
FROM summed
"""


def _bucket_write_sql(tables: dict[str, str]) -> str:
    """One bucket's rows replaced by its sums in one statement: a row whose figures changed is
    updated, a new one inserted, one no longer backed by any order deleted, and one unchanged
    left as it is (so is its ``updated_at``)."""
    return f"""
WITH summed AS ({_rollups_sql(tables, _BUCKET)}),
gone AS (
  DELETE FROM {tables["rollup"]}
  WHERE tenant_id = %(tenant)s {_BUCKET}
    AND warehouse_id NOT IN (SELECT warehouse_id FROM summed))
{_rollups_insert_sql(tables, _BUCKET)}
ON CONFLICT ON CONSTRAINT insights_daily_rollup_unique DO UPDATE
SET {", ".join(f"{name} = EXCLUDED.{name}" for name in FIGURES)}, updated_at = EXCLUDED.updated_at
WHERE ({", ".join(f"stored.{name}" for name in FIGURES)})
  IS DISTINCT FROM ({", ".join(f"EXCLUDED.{name}" for name in FIGURES)})
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


_MONEY = ("gross_total", "net_total", "routing_cost", "routing_baseline_cost")


# What the set-wise statements of a rebuild may hash and sort in memory: their hashes of a
# million orders' lines, fulfilments and plans hold tens of megabytes each; at the default
# (4 MB) they spilled to disk in batches.
REBUILD_WORK_MEM = "256MB"


def _with_work_mem() -> None:
    """The rebuild's memory for hashes and sorts, for the rest of the transaction."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{REBUILD_WORK_MEM}'")


def _money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.0001"))


def facts_write(
    *, tenant_id: int, time_zone: str, order_id: int | None = None
) -> tuple[date, str, str] | None:
    """Replace the facts of one order (or of every order of the tenant: set-wise, one
    statement) with those the read model and the order flow give now, its day in
    ``time_zone``. An order that is not one (draft, expired) or no more is left without.

    For one order, the bucket key (day, channel, currency) its facts had before, if any."""
    if not connection.in_atomic_block:
        with transaction.atomic():
            return facts_write(tenant_id=tenant_id, time_zone=time_zone, order_id=order_id)
    _without_jit()
    if order_id is None:
        _with_work_mem()
    tables = _tables()
    params: dict[str, Any] = {
        "tenant": tenant_id,
        "tz": time_zone,
        "sent": list(SENT),
        "spoiled": list(FIRST_PLAN_SPOILED),
        "order": order_id,
    }
    one = _ONE_ORDER if order_id is not None else ""
    before = None
    with connection.cursor() as cursor:
        if order_id is None:
            for table in (tables["fact"], tables["location_fact"]):
                cursor.execute(f"DELETE FROM {table} WHERE tenant_id = %(tenant)s", params)
        else:
            # One order's rows by its id alone: with the tenant too, PostgreSQL combines both
            # indexes and reads the tenant's whole index (tens of milliseconds at a million
            # orders). One statement for both tables, which returns where the order was.
            cursor.execute(
                f"""WITH gone AS (DELETE FROM {tables["location_fact"]} WHERE order_id = %(order)s)
                DELETE FROM {tables["fact"]} WHERE order_id = %(order)s
                RETURNING day, channel_slug, currency""",
                params,
            )
            before = cursor.fetchone()
        cursor.execute(_facts_sql(tables, one), params)
    return before


def rollup_rows(*, tenant_id: int, bucket: Bucket | None = None) -> list[DailyRollup]:
    """The rollup rows (unsaved) of the tenant's buckets, or of one, summed from the stored
    facts (:func:`facts_write`): the order-level row of each bucket, then a row for each
    location that shipped or was sent some of its orders."""
    params: dict[str, Any] = {"tenant": tenant_id}
    condition = ""
    if bucket is not None:
        params.update(day=bucket.day, channel=bucket.channel_slug, currency=bucket.currency)
        condition = _BUCKET
    return [
        DailyRollup(
            tenant_id=tenant_id,
            **{
                **row,
                **{name: _money(row[name]) for name in _MONEY},
                **{name: list(row[name]) for name in HISTOGRAMS},
            },
        )
        for row in _fetch(_rollups_sql(_tables(), condition), params)
    ]


def rollups_insert(*, tenant_id: int) -> int:
    """Insert the rollup rows of every bucket of the tenant, summed from its stored facts in
    the database (the rows :func:`rollup_rows` gives, without a round trip through Python);
    how many. The tenant's rows must have been deleted first."""
    tables = _tables()
    sql = f"WITH summed AS ({_rollups_sql(tables, '')}) {_rollups_insert_sql(tables, '')}"
    with connection.cursor() as cursor:
        cursor.execute(sql, {"tenant": tenant_id})
        return cursor.rowcount


def bucket_write(*, tenant_id: int, bucket: Bucket) -> None:
    """Replace the bucket's rollup rows with the sums of its orders' stored facts, in the
    database: the rows :func:`rollup_rows` gives for it, those unchanged left untouched and
    those no longer backed by any order deleted. The caller holds the bucket's lock
    (``locks.lock_bucket_rows``)."""
    params: dict[str, Any] = {
        "tenant": tenant_id,
        "day": bucket.day,
        "channel": bucket.channel_slug,
        "currency": bucket.currency,
    }
    with connection.cursor() as cursor:
        cursor.execute(_bucket_write_sql(_tables()), params)
