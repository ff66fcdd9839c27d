/**
 * What the Insights page computes from the server's figures: counts add up across currencies
 * (an order is an order), rates are recomputed from the added counts, money never is (it stays
 * per currency, or comes converted from the server's reporting totals), and each figure is
 * compared with the previous range's.
 */

import type { InsightsFiguresFragment, OmsInsightsDrill } from "../../api/generated/operations";
import type { DayRange, GroupBy } from "./range";
import { periodRange } from "./range";

export type Figures = InsightsFiguresFragment;

export const COUNT_KEYS = [
  "orders",
  "cancelledOrders",
  "lines",
  "units",
  "shippedOrders",
  "splitOrders",
  "shipments",
  "firstPlanCompleteOrders",
  "shippedWithPromise",
  "shippedOnTime",
  "backorderedOrders",
  "backorderedUnits",
  "shortPicks",
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
export type Counts = Record<CountKey, number>;

/** The counts of several currencies' figures, added up. */
export function addCounts(figures: Figures[]): Counts {
  const counts = Object.fromEntries(COUNT_KEYS.map((key) => [key, 0])) as Counts;
  for (const item of figures) for (const key of COUNT_KEYS) counts[key] += item[key];
  return counts;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export interface Rates {
  fillRate: number | null;
  splitRate: number | null;
  onTimeRate: number | null;
  shipmentsPerOrder: number | null;
}

/** The rates of added counts, with the server's definitions (null before any shipped order). */
export function ratesOf(counts: Counts): Rates {
  return {
    fillRate: ratio(counts.firstPlanCompleteOrders, counts.shippedOrders),
    splitRate: ratio(counts.splitOrders, counts.shippedOrders),
    onTimeRate: ratio(counts.shippedOnTime, counts.shippedWithPromise),
    shipmentsPerOrder: ratio(counts.shipments, counts.shippedOrders),
  };
}

export type Kind = "count" | "rate" | "ratio" | "hours";

export function formatFigure(value: number | null | undefined, kind: Kind): string {
  if (value === null || value === undefined) return "—";
  if (kind === "rate") return `${(value * 100).toFixed(1)}%`;
  if (kind === "ratio") return value.toFixed(2);
  if (kind === "hours") return value < 48 ? `${value.toFixed(1)} h` : `${(value / 24).toFixed(1)} d`;
  return value.toLocaleString("en");
}

export interface Change {
  text: string;
  /** Whether the change is for the better, the worse, or neither. */
  tone: "good" | "bad" | "flat";
}

/**
 * The change from the previous range: counts and hours in percent, rates in percentage points.
 * `better` says which way is good.
 */
export function changeOf(current: number | null, previous: number | null, kind: Kind, better: "up" | "down" | "none" = "up"): Change {
  if (current === null || previous === null) return { text: "no comparison", tone: "flat" };
  let difference: number;
  let text: string;
  if (kind === "rate") {
    difference = (current - previous) * 100;
    text = `${difference >= 0 ? "+" : ""}${difference.toFixed(1)} pt`;
  } else if (previous === 0) {
    difference = current;
    text = current === 0 ? "±0%" : "new";
  } else {
    difference = ((current - previous) / previous) * 100;
    text = `${difference >= 0 ? "+" : ""}${difference.toFixed(1)}%`;
  }
  if (Math.abs(difference) < 0.05) return { text: kind === "rate" ? "±0 pt" : "±0%", tone: "flat" };
  if (better === "none") return { text, tone: "flat" };
  return { text, tone: (difference > 0) === (better === "up") ? "good" : "bad" };
}

/** A KPI tile: its figure from added counts, and the orders its drill-down lists. */
export interface Kpi {
  label: string;
  kind: Kind;
  better: "up" | "down" | "none";
  value: (counts: Counts, rates: Rates) => number | null;
  drill: OmsInsightsDrill;
  /** Counted per order only: the location rows do not hold it, so it has no drill-down there. */
  perOrderOnly?: boolean;
}

export const KPIS: Kpi[] = [
  { label: "Orders", kind: "count", better: "up", value: (counts) => counts.orders, drill: "ORDERS" },
  { label: "Units", kind: "count", better: "up", value: (counts) => counts.units, drill: "ORDERS" },
  { label: "Fill rate", kind: "rate", better: "up", value: (_, rates) => rates.fillRate, drill: "NOT_FIRST_PLAN_COMPLETE", perOrderOnly: true },
  { label: "Split rate", kind: "rate", better: "down", value: (_, rates) => rates.splitRate, drill: "SPLIT" },
  { label: "On-time rate", kind: "rate", better: "up", value: (_, rates) => rates.onTimeRate, drill: "LATE", perOrderOnly: true },
  { label: "Shipments per order", kind: "ratio", better: "down", value: (_, rates) => rates.shipmentsPerOrder, drill: "SHIPPED" },
  { label: "Cancelled", kind: "count", better: "down", value: (counts) => counts.cancelledOrders, drill: "CANCELLED" },
  { label: "Backordered orders", kind: "count", better: "down", value: (counts) => counts.backorderedOrders, drill: "BACKORDERED", perOrderOnly: true },
];

export const CYCLE_TIMES = [
  { key: "paidToRouted", label: "Paid → routed" },
  { key: "routedToShipped", label: "Routed → shipped" },
  { key: "paidToShipped", label: "Paid → shipped" },
] as const;

export interface Row {
  period: string | null;
  channel: string | null;
  location: string | null;
  locationName: string | null;
  currency: string;
  figures: Figures;
}

/** What a drill-down asks insightsOrders for (besides the figure and the page). */
export interface DrillScope {
  range: DayRange;
  channel: string | null;
  currency: string | null;
  locationId: string | null;
}

/** One bar of the charts: a period, channel or location, its currencies' rows together. */
export interface Group {
  key: string;
  label: string;
  scope: Omit<DrillScope, "currency">;
  counts: Counts;
  rates: Rates;
  /** Gross sales by currency (never added across currencies). */
  gross: Record<string, number>;
  rows: Row[];
}

export function groupLabel(row: Row, groupBy: GroupBy): string {
  if (groupBy === "CHANNEL") return row.channel ?? "—";
  if (groupBy === "LOCATION") return row.locationName ?? row.location ?? "no location";
  return row.period ?? "—";
}

/** The rows by group, in the server's order; each group's scope narrows the page's filters. */
export function groupRows(rows: Row[], groupBy: GroupBy, filters: Omit<DrillScope, "currency">): Group[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = groupBy === "CHANNEL" ? row.channel ?? "" : groupBy === "LOCATION" ? row.location ?? "" : row.period ?? "";
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.entries()].map(([key, members]) => {
    const counts = addCounts(members.map((row) => row.figures));
    const scope = { ...filters };
    if (groupBy === "CHANNEL") scope.channel = key || null;
    else if (groupBy === "LOCATION") scope.locationId = key || null;
    else if (key) scope.range = periodRange(key, groupBy, filters.range);
    return {
      key,
      label: groupLabel(members[0], groupBy),
      scope,
      counts,
      rates: ratesOf(counts),
      gross: Object.fromEntries(members.map((row) => [row.currency, Number(row.figures.grossTotal)])),
      rows: members,
    };
  });
}
