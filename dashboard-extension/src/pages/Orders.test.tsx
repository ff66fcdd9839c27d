import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Order } from "../api/types";
import { clientAnswering, renderWithApp } from "../test/render";
import { OrdersPage, filterOrders } from "./Orders";

function order(number: string, flags: Order["flags"], extra: Partial<Order> = {}): Order {
  return {
    id: `T21zT3JkZXI6${number}`,
    saleorId: `T3JkZXI6${number}`,
    number,
    status: "UNFULFILLED",
    chargeStatus: "FULL",
    channelSlug: "oms-us",
    currency: "USD",
    totalGross: "120.00",
    userEmail: `${number}@example.com`,
    createdAt: `2026-11-2${number.slice(-1)}T10:00:00+00:00`,
    paidAt: null,
    flags,
    routingPlan: null,
    ...extra,
  };
}

const ORDERS = [
  order("1001", []),
  order("1002", [{ label: "SLA breach", colour: "red" }]),
  order("1003", [{ label: "Address check", colour: "orange" }], { routingPlan: { id: "UGxhbjox", state: "PROPOSED" } }),
];
const answer = { data: { orders: { totalCount: 3, edges: ORDERS.map((node) => ({ node })) } } };

describe("the orders queue", () => {
  it("renders red and amber flags, red first", async () => {
    renderWithApp(<OrdersPage />, { client: clientAnswering(answer) });

    const table = await screen.findByTestId("orders-table");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.getAttribute("data-testid"))).toEqual(["order-1002", "order-1003", "order-1001"]);
    expect(within(rows[0]).getByTestId("flag-red").textContent).toContain("SLA breach");
    expect(within(rows[1]).getByTestId("flag-orange").textContent).toContain("Address check");
    expect(within(rows[2]).queryByTestId(/^flag-/)).toBeNull();
    expect(within(rows[1]).getByText("proposed")).toBeTruthy();
  });

  it("filters by flag colour and routing state", () => {
    expect(filterOrders(ORDERS, "red", "").map((item) => item.number)).toEqual(["1002"]);
    expect(filterOrders(ORDERS, "none", "").map((item) => item.number)).toEqual(["1001"]);
    expect(filterOrders(ORDERS, "", "PROPOSED").map((item) => item.number)).toEqual(["1003"]);
    expect(filterOrders(ORDERS, "", "unrouted").map((item) => item.number)).toEqual(["1002", "1001"]);
  });

  it("approves the selected plans in bulk and reports the tally", async () => {
    const user = userEvent.setup();
    const calls: { query: string; variables: unknown; headers: Headers }[] = [];
    const client = clientAnswering((request: unknown) => {
      const { query } = request as { query: string };
      if (query.includes("approveRoutingPlan")) return { data: { approveRoutingPlan: { plan: { id: "UGxhbjox", state: "APPLYING" }, errors: [] } } };
      return answer;
    }, calls);
    renderWithApp(<OrdersPage />, { client });
    await screen.findByTestId("orders-table");

    await user.click(screen.getByLabelText("Select all"));
    await user.click(screen.getByRole("button", { name: "Approve plans (1)" }));

    expect(await screen.findByText("Approved: 1 orders")).toBeTruthy();
    const approvals = calls.filter((call) => call.query.includes("approveRoutingPlan"));
    expect(approvals.map((call) => call.variables)).toEqual([{ id: "UGxhbjox" }]);
    expect(approvals[0].headers.get("Authorization")).toBe("Bearer oms_test_key");
  });
});
