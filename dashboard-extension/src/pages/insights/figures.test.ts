import { describe, expect, it } from "vitest";

import { addCounts, changeOf, formatFigure, groupRows, ratesOf } from "./figures";
import { figures } from "../../test/insights";

describe("insights figures", () => {
  it("add counts across currencies and recompute the rates from them", () => {
    const usd = figures({ orders: 10, shippedOrders: 8, splitOrders: 2, shipments: 10, firstPlanCompleteOrders: 6, shippedWithPromise: 8, shippedOnTime: 8 });
    const eur = figures({ orders: 2, shippedOrders: 2, splitOrders: 0, shipments: 2, firstPlanCompleteOrders: 2, shippedWithPromise: 2, shippedOnTime: 0 });
    const counts = addCounts([usd, eur]);
    expect(counts.orders).toBe(12);
    expect(ratesOf(counts)).toEqual({ fillRate: 0.8, splitRate: 0.2, onTimeRate: 0.8, shipmentsPerOrder: 1.2 });
    expect(ratesOf(addCounts([]))).toEqual({ fillRate: null, splitRate: null, onTimeRate: null, shipmentsPerOrder: null });
  });

  it("compare with the previous range: percent for counts, points for rates", () => {
    expect(changeOf(120, 100, "count")).toEqual({ text: "+20.0%", tone: "good" });
    expect(changeOf(0.25, 0.2, "rate", "down")).toEqual({ text: "+5.0 pt", tone: "bad" });
    expect(changeOf(5, 0, "count")).toEqual({ text: "new", tone: "good" });
    expect(changeOf(3, 3, "count")).toEqual({ text: "±0%", tone: "flat" });
    expect(changeOf(null, 0.5, "rate")).toEqual({ text: "no comparison", tone: "flat" });
    expect(formatFigure(0.256, "rate")).toBe("25.6%");
    expect(formatFigure(30, "hours")).toBe("30.0 h");
    expect(formatFigure(72, "hours")).toBe("3.0 d");
  });

  it("group rows by period, keeping each currency's money apart", () => {
    const range = { gte: "2026-11-01", lte: "2026-11-30" };
    const rows = [
      { period: "2026-11-02", channel: null, location: null, locationName: null, currency: "USD", figures: figures({ orders: 3, grossTotal: "300.00" }) },
      { period: "2026-11-02", channel: null, location: null, locationName: null, currency: "EUR", figures: figures({ orders: 1, grossTotal: "90.00" }) },
      { period: "2026-11-09", channel: null, location: null, locationName: null, currency: "USD", figures: figures({ orders: 2, grossTotal: "150.00" }) },
    ];
    const groups = groupRows(rows, "WEEK", { range, channel: "web", locationId: null });
    expect(groups.map((group) => [group.key, group.counts.orders, group.gross])).toEqual([
      ["2026-11-02", 4, { USD: 300, EUR: 90 }],
      ["2026-11-09", 2, { USD: 150 }],
    ]);
    expect(groups[0].scope).toEqual({ range: { gte: "2026-11-02", lte: "2026-11-08" }, channel: "web", locationId: null });
  });
});
