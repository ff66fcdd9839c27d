import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { clientAnswering, renderWithApp } from "../test/render";
import { OrdersPage, filterVariables, type Order } from "./Orders";

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

  it("maps each filter onto the server's orders arguments", () => {
    const none = { flagColours: null, flagged: null, needsRouting: null, routingState: null, hasOpenTasks: null };
    expect(filterVariables("", "", "")).toEqual(none);
    expect(filterVariables("red", "", "")).toEqual({ ...none, flagColours: ["red"] });
    expect(filterVariables("amber", "", "")).toEqual({ ...none, flagColours: ["orange", "yellow"] });
    expect(filterVariables("flagged", "", "")).toEqual({ ...none, flagged: true });
    expect(filterVariables("none", "", "")).toEqual({ ...none, flagged: false });
    expect(filterVariables("", "unrouted", "")).toEqual({ ...none, needsRouting: true });
    expect(filterVariables("", "PROPOSED", "")).toEqual({ ...none, routingState: "PROPOSED" });
    expect(filterVariables("", "", "open")).toEqual({ ...none, hasOpenTasks: true });
    expect(filterVariables("", "", "none")).toEqual({ ...none, hasOpenTasks: false });
  });

  it("asks the server for the filtered queue and shows what it answers", async () => {
    const user = userEvent.setup();
    const calls: { query: string; variables: unknown; headers: Headers }[] = [];
    const client = clientAnswering((request: unknown) => {
      const { variables } = request as { variables: { needsRouting: boolean | null } };
      // the server answers the filtered set: the browser does not filter again
      return variables.needsRouting ? { data: { orders: { totalCount: 1, edges: [{ node: ORDERS[0] }] } } } : answer;
    }, calls);
    renderWithApp(<OrdersPage />, { client });
    await screen.findByTestId("order-1003");

    await user.selectOptions(screen.getByLabelText("Routing"), "unrouted");
    await user.selectOptions(screen.getByLabelText("Flags"), "amber");

    await waitFor(() => expect(screen.queryByTestId("order-1003")).toBeNull());
    expect(screen.getByTestId("order-1001")).toBeTruthy();
    expect(calls.at(-1)?.variables).toMatchObject({ needsRouting: true, flagColours: ["orange", "yellow"], routingState: null, first: 100 });
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
