import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { Suggestions } from "./Suggestions";

const suggestion = (id: string, sku: string) => ({
  quantity: 8,
  available: 2,
  reorderPoint: 5,
  targetLevel: 10,
  inbound: 0,
  supplier: "Acme",
  daysOfCover: 1.5,
  runOutOn: "2026-12-04",
  arrivesOn: "2026-12-09",
  runsOutBeforeRestock: true,
  stock: { id, sku, location: { id: "TG9jOjE=", name: "Berlin" } },
});

describe("purchase suggestions", { timeout: 30000 }, () => {
  it("turn the selected ones into draft purchase orders", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const created = {
      purchaseOrders: [
        { id: "UE86MQ==", number: "PO-000001", state: "DRAFT", currency: "EUR", expectedOn: "2026-12-09", createdAt: "2026-12-02T10:00:00+00:00", sentAt: null, lateAt: null, totalValue: "80.00", openValue: "80.00", openUnits: 8, supplier: { id: "U3VwOjE=", name: "Acme" }, location: { id: "TG9jOjE=", name: "Berlin" } },
      ],
      unassignedSkus: ["OMS-SKU-009"],
      errors: [],
    };
    const client = answering(
      {
        Locations: { locations: connection([]) },
        PurchaseSuggestions: { purchaseSuggestions: [suggestion("U3Q6MQ==", "OMS-SKU-001"), suggestion("U3Q6Mg==", "OMS-SKU-002")] },
        PurchaseOrdersFromSuggestions: { purchaseOrdersCreateFromSuggestions: created },
      },
      calls,
    );
    renderWithApp(<Suggestions onOpenOrder={() => undefined} />, { client });

    await user.click(await screen.findByLabelText("Select OMS-SKU-002 at Berlin"));
    await user.click(screen.getByRole("button", { name: "Create orders for selected (1)" }));

    expect(await screen.findByRole("button", { name: "PO-000001" })).toBeTruthy();
    expect(screen.getByTestId("unassigned-skus").textContent).toContain("OMS-SKU-009");
    await waitFor(() => expect(callsOf(calls, "PurchaseOrdersFromSuggestions")).toEqual([{ locationId: null, stockIds: ["U3Q6Mg=="] }]));
  });
});
