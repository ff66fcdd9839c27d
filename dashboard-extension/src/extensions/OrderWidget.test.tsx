import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { clientAnswering, renderWithApp } from "../test/render";
import { OrderWidget } from "./OrderWidget";

const ORDER = {
  id: "T21zT3JkZXI6MQ==",
  saleorId: "T3JkZXI6MQ==",
  number: "1042",
  status: "UNFULFILLED",
  chargeStatus: "FULL",
  channelSlug: "oms-us",
  currency: "USD",
  totalGross: "415.00",
  userEmail: "grace@example.com",
  createdAt: "2026-11-20T10:00:00+00:00",
  paidAt: "2026-11-20T10:01:00+00:00",
  flags: [{ label: "SLA breach", colour: "red", createdAt: "2026-11-22T10:00:00+00:00" }],
  lines: [],
  routingPlan: {
    id: "T21zUm91dGluZ1BsYW46Nw==",
    state: "PROPOSED",
    attempt: 1,
    rulesetName: "US default v3",
    totalCost: 7.56,
    errorMessage: "",
    createdAt: "2026-11-20T10:02:00+00:00",
    reasons: [{ code: "CHOSEN", message: "Chose OMS Los Angeles over OMS Seattle: nearest", rule: "nearest" }],
    shipments: [{ id: "U2hpcDox", state: "PENDING", cost: 7.56, distanceKm: 558.6, location: { name: "OMS Los Angeles" }, lines: [{ sku: "OMS-SKU-001", quantity: 2 }] }],
    backorder: [{ sku: "OMS-SKU-009", quantity: 1 }],
  },
};

function answer(request: unknown) {
  const { query, variables } = request as { query: string; variables: Record<string, unknown> };
  if (query.includes("OrderWidget")) return { data: { order: variables.saleorId === ORDER.saleorId ? ORDER : null } };
  return {
    data: {
      orderReturns: [{ id: "UmV0OjE=", rmaNumber: "RMA-000004", status: "REQUESTED", createdAt: ORDER.createdAt, lines: [{ id: "a", quantity: 1 }] }],
      staffTasks: {
        edges: [
          { node: { id: "VGFzazox", title: "Call the customer", dueAt: null, status: "open", role: "support", order: { number: "1042" } } },
          { node: { id: "VGFzazoy", title: "Another order's task", dueAt: null, status: "open", role: "", order: { number: "7" } } },
        ],
      },
    },
  };
}

afterEach(() => window.history.replaceState(null, "", "/"));

describe("the order widget", () => {
  it("shows the plan of the Dashboard's order with reasons, flags, tasks and returns", async () => {
    window.history.replaceState(null, "", `/app/widgets/order?orderId=${encodeURIComponent(ORDER.saleorId)}&id=QXBwOjE=`);
    renderWithApp(<OrderWidget />, { client: clientAnswering(answer) });

    expect(await screen.findByText("Order #1042")).toBeTruthy();
    expect(screen.getByTestId("flag-red").textContent).toContain("SLA breach");
    expect(screen.getByText(/OMS Los Angeles · 559 km · 7.56/)).toBeTruthy();
    expect(screen.getByText(/Chose OMS Los Angeles over OMS Seattle: nearest \(nearest\)/)).toBeTruthy();
    expect(screen.getByText("Backordered: 1 × OMS-SKU-009")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Approve plan" })).toBeTruthy();
    expect(await screen.findByText(/Call the customer/)).toBeTruthy();
    expect(screen.queryByText(/Another order's task/)).toBeNull();
    expect(screen.getByText(/RMA-000004 · requested · 1 units/)).toBeTruthy();
    // standalone, the widget links to the app's Orders page on this order
    expect(screen.getByTestId("open-in-app").getAttribute("href")).toBe("/app/orders?number=1042");
  });

  it("says so when the order has not reached the OMS", async () => {
    window.history.replaceState(null, "", "/app/widgets/order?orderId=T3JkZXI6OTk=");
    renderWithApp(<OrderWidget />, { client: clientAnswering(answer) });
    expect(await screen.findByText("Not in the OMS yet")).toBeTruthy();
  });
});
