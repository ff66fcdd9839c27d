import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { answering, callsOf, connection, type Call } from "../test/answers";
import { figures } from "../test/insights";
import { renderWithApp } from "../test/render";
import { InsightsPage } from "./Insights";
import { presetRange } from "./insights/range";

const RANGE = presetRange(30);
const DAY = RANGE.lte;

const USD = figures({ orders: 10, units: 25, grossTotal: "1200.00", netTotal: "1000.00", shippedOrders: 8, splitOrders: 2, shipments: 10, firstPlanCompleteOrders: 6, routingSaving: "14.50" });
const USD_BEFORE = figures({ orders: 8, units: 20, grossTotal: "1000.00", netTotal: "800.00", shippedOrders: 8, splitOrders: 1, shipments: 9, firstPlanCompleteOrders: 6 });
const EUR = figures({ orders: 2, units: 3, grossTotal: "180.00", netTotal: "150.00", shippedOrders: 2, splitOrders: 0, shipments: 2, firstPlanCompleteOrders: 2, routingSaving: "2.25" });

function insights(extra: Record<string, unknown> = {}) {
  return {
    insights: {
      range: RANGE,
      previousRange: { gte: "2026-10-01", lte: "2026-10-30" },
      rows: [
        { period: DAY, channel: null, location: null, locationName: null, currency: "USD", figures: USD },
        { period: DAY, channel: null, location: null, locationName: null, currency: "EUR", figures: EUR },
      ],
      totals: [
        { currency: "USD", current: USD, previous: USD_BEFORE },
        { currency: "EUR", current: EUR, previous: figures() },
      ],
      reportingCurrency: null,
      reportingTotals: null,
      unconvertedCurrencies: [],
      ...extra,
    },
  };
}

const ORDER = { saleorId: "T3JkZXI6MQ==", number: "1042", channel: "web-us", currency: "USD", total: "120.00", status: "FULFILLED", createdAt: "2026-11-20T10:00:00+00:00", shipments: 2 };

function client(calls: Call[], answers: Record<string, unknown> = {}) {
  return answering(
    {
      Insights: insights(),
      Channels: { inventoryChannels: [{ slug: "web-us", name: "Web US", bufferKind: "NONE", bufferValue: 0, locations: [] }] },
      Locations: { locations: connection([{ id: "TG9jOjE=", saleorId: "V2FyZWhvdXNlOjE=", name: "Berlin", city: "Berlin", country: "DE", kind: "SALEOR_WAREHOUSE" }]) },
      InsightsOrders: (variables: Record<string, unknown>) => ({
        insightsOrders: {
          totalCount: 51,
          pageInfo: variables.after ? { hasNextPage: false, endCursor: "c2" } : { hasNextPage: true, endCursor: "c1" },
          edges: [{ cursor: "c", node: variables.after ? { ...ORDER, saleorId: "T3JkZXI6Mg==", number: "1043" } : ORDER }],
        },
      }),
      ...answers,
    },
    calls,
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

// user-event on a loaded machine is slow: generous per-test time
describe("the Insights page", { timeout: 30000 }, () => {
  it("shows money per currency, never added up, and counts across currencies", async () => {
    const calls: Call[] = [];
    renderWithApp(<InsightsPage />, { client: client(calls) });

    const moneyTable = await screen.findByTestId("money");
    expect(within(moneyTable).getByTestId("money-USD").textContent).toContain("1200.00 USD");
    expect(within(moneyTable).getByTestId("money-USD").textContent).toContain("14.50 USD");
    expect(within(moneyTable).getByTestId("money-EUR").textContent).toContain("180.00 EUR");
    expect(moneyTable.textContent).not.toContain("1380");
    // orders and rates over both currencies: 12 orders, 8 of 10 shipped complete first time
    expect(screen.getByTestId("kpi-orders").textContent).toContain("12");
    expect(screen.getByTestId("kpi-orders").textContent).toContain("+50.0% vs previous");
    expect(screen.getByTestId("kpi-fill-rate").textContent).toContain("80.0%");
    expect(screen.getByTestId("kpi-split-rate").textContent).toContain("20.0%");
    expect(screen.getByTestId("kpi-split-rate").querySelector("[data-tone]")?.getAttribute("data-tone")).toBe("bad");
    expect(screen.getByTestId("row-" + DAY + "-EUR").textContent).toContain("180.00 EUR");
    expect(callsOf(calls, "Insights")).toEqual([{ range: RANGE, groupBy: "DAY", channel: null, currency: null, locationId: null }]);
  });

  it("adds the reporting-currency total and lists the currencies it leaves out", async () => {
    const reporting = { currency: "EUR", current: figures({ orders: 10, grossTotal: "1284.00" }), previous: figures({ orders: 8, grossTotal: "920.00" }) };
    renderWithApp(<InsightsPage />, {
      client: client([], { Insights: insights({ reportingCurrency: "EUR", reportingTotals: reporting, unconvertedCurrencies: ["GBP"] }) }),
    });

    const total = await screen.findByText("Total in EUR");
    expect(total.closest("tr")?.textContent).toContain("1284.00 EUR");
    expect(screen.getByTestId("unconverted").textContent).toContain("GBP");
  });

  it("lists the orders behind a figure, a page at a time", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<InsightsPage />, { client: client(calls) });

    await user.click(await screen.findByTestId("kpi-split-rate"));
    const drill = await screen.findByTestId("drill-down");
    await within(drill).findByTestId("drill-order-1042");
    expect(callsOf(calls, "InsightsOrders")).toEqual([
      { range: RANGE, figure: "SPLIT", channel: null, currency: null, locationId: null, first: 50, after: null },
    ]);

    await user.click(within(drill).getByRole("button", { name: "Load more (1 of 51)" }));
    await within(drill).findByTestId("drill-order-1043");
    expect(within(drill).getByTestId("drill-order-1042")).toBeTruthy();
    expect(callsOf(calls, "InsightsOrders").at(-1)).toMatchObject({ figure: "SPLIT", after: "c1" });

    // a table figure: that day's orders in that currency
    await user.click(within(screen.getByTestId(`row-${DAY}-EUR`)).getByRole("button", { name: "2" }));
    await waitFor(() => expect(callsOf(calls, "InsightsOrders")).toHaveLength(3));
    expect(callsOf(calls, "InsightsOrders").at(-1)).toEqual({
      range: { gte: DAY, lte: DAY },
      figure: "ORDERS",
      channel: null,
      currency: "EUR",
      locationId: null,
      first: 50,
      after: null,
    });
  });

  it("asks again with the filters and grouping chosen", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<InsightsPage />, { client: client(calls) });
    await screen.findByTestId("money");

    await user.selectOptions(screen.getByLabelText("Range"), "7");
    await user.selectOptions(screen.getByLabelText("Group by"), "LOCATION");
    await user.selectOptions(await screen.findByLabelText("Channel"), "web-us");
    await user.selectOptions(screen.getByLabelText("Location"), "V2FyZWhvdXNlOjE=");

    await waitFor(() =>
      expect(callsOf(calls, "Insights").at(-1)).toEqual({ range: presetRange(7), groupBy: "LOCATION", channel: "web-us", currency: null, locationId: "V2FyZWhvdXNlOjE=" }),
    );
  });

  it("drills into the order-flow figures, but not at a location where they are not counted", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<InsightsPage />, { client: client(calls) });

    for (const [tile, figure] of [["kpi-fill-rate", "NOT_FIRST_PLAN_COMPLETE"], ["kpi-on-time-rate", "LATE"], ["kpi-backordered-orders", "BACKORDERED"]]) {
      await user.click(await screen.findByTestId(tile));
      await waitFor(() => expect(callsOf(calls, "InsightsOrders").at(-1)).toMatchObject({ figure, locationId: null }));
    }

    await user.selectOptions(await screen.findByLabelText("Location"), "V2FyZWhvdXNlOjE=");
    await waitFor(() => expect(callsOf(calls, "Insights").at(-1)).toMatchObject({ locationId: "V2FyZWhvdXNlOjE=" }));
    await waitFor(() => expect(screen.getByTestId("kpi-fill-rate").tagName).toBe("DIV"));
    expect(screen.getByTestId("kpi-on-time-rate").tagName).toBe("DIV");
    expect(screen.getByTestId("kpi-backordered-orders").tagName).toBe("DIV");
    expect(screen.getByTestId("kpi-split-rate").tagName).toBe("BUTTON");
  });

  it("refuses a custom range ending before it starts, asking nothing", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<InsightsPage />, { client: client(calls) });
    await screen.findByTestId("money");
    await user.selectOptions(screen.getByLabelText("Range"), "custom");
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2099-01-01" } });

    expect(await screen.findByText("The first day is after the last.")).toBeTruthy();
    expect(callsOf(calls, "Insights").every((variables) => (variables as { range: { gte: string } }).range.gte !== "2099-01-01")).toBe(true);
  });

  it("exports: asks for the file and opens its link", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const open = vi.spyOn(window, "open").mockImplementation(() => null);
    const file = { url: "http://oms.test/insights/export/signed.xlsx", filename: "insights.xlsx", contentType: "application/vnd.ms-excel", expiresAt: "2026-12-02T10:00:00+00:00" };
    renderWithApp(<InsightsPage />, { client: client(calls, { InsightsExport: { insightsExport: file } }) });
    await screen.findByTestId("money");

    await user.click(screen.getByRole("button", { name: "Export XLSX" }));

    await waitFor(() => expect(open).toHaveBeenCalledWith(file.url, "_blank", "noopener"));
    expect(callsOf(calls, "InsightsExport")).toEqual([{ range: RANGE, groupBy: "DAY", channel: null, currency: null, format: "XLSX" }]);
  });
});
