import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { Suppliers } from "./Suppliers";

const ACME = { id: "U3VwOjE=", name: "Acme", email: "orders@acme.test", currency: "EUR", leadTimeDays: 5, items: [{ sku: "OMS-SKU-001", supplierSku: "A-1", unitCost: "10.00", packSize: 6, minOrderQuantity: 12, priority: 0 }] };

describe("suppliers", { timeout: 30000 }, () => {
  it("adds a supplier", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const client = answering({ Suppliers: { suppliers: connection([]) }, SupplierCreate: { supplierCreate: { supplier: { ...ACME, items: [] }, errors: [] } } }, calls);
    renderWithApp(<Suppliers />, { client });

    await user.click(await screen.findByRole("button", { name: "Add supplier" }));
    const form = screen.getByTestId("supplier-form");
    await user.type(within(form).getByLabelText("Supplier name"), "Acme");
    await user.type(within(form).getByLabelText("Currency"), "eur");
    await user.type(within(form).getByLabelText("E-mail (orders are sent here)"), "orders@acme.test");
    await user.click(within(form).getByRole("button", { name: "Add supplier" }));

    expect(await screen.findByText("Acme added")).toBeTruthy();
    expect(callsOf(calls, "SupplierCreate")).toEqual([{ input: { name: "Acme", email: "orders@acme.test", currency: "EUR", leadTimeDays: 0 } }]);
  });

  it("shows what a supplier sells and sets a SKU, showing a refusal at its field", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const refusal = { supplier: null, errors: [{ field: "sku", message: "No variant has this SKU.", code: "UNKNOWN_SKU" }] };
    const client = answering({ Suppliers: { suppliers: connection([ACME]) }, SupplierItemSet: { supplierItemSet: refusal } }, calls);
    renderWithApp(<Suppliers />, { client });

    await user.click(within(await screen.findByTestId("supplier-Acme")).getByRole("button", { name: "Edit" }));
    const items = screen.getByTestId("supplier-items");
    expect(items.textContent).toContain("10.00 EUR");
    await user.type(within(items).getByLabelText("Our SKU"), "NOPE");
    await user.click(within(items).getByRole("button", { name: "Save SKU" }));

    expect(await within(items).findByText("No variant has this SKU.")).toBeTruthy();
    expect(callsOf(calls, "SupplierItemSet")).toEqual([
      { supplierId: ACME.id, input: { sku: "NOPE", supplierSku: "", unitCost: "0", packSize: 1, minOrderQuantity: 0, priority: 0 } },
    ]);
  });
});
