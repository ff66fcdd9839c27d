import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { SafetyStock } from "./SafetyStock";

const LOCATIONS = { locations: connection([{ id: "TG9jOjE=", name: "Berlin", kind: "SALEOR_WAREHOUSE" }]) };
const LEVEL = { id: "U3Q6MQ==", variantId: "UHJvZHVjdFZhcmlhbnQ6MQ==", sku: "OMS-SKU-001", onHand: 12, available: 9, safetyStock: 1, location: { id: "TG9jOjE=", name: "Berlin" } };

function client(safetyStockSet: unknown, calls: Call[]) {
  return answering({ Locations: LOCATIONS, SafetyLevels: { stockLevels: connection([LEVEL]) }, SafetyStockSet: { safetyStockSet } }, calls);
}

// user-event typing is slow on a loaded machine: generous per-test time
describe("safety stock", { timeout: 30000 }, () => {
  it("lists each stock level with its safety stock", async () => {
    renderWithApp(<SafetyStock />, { client: client({ errors: [] }, []) });
    const row = await screen.findByTestId("safety-OMS-SKU-001-Berlin");
    expect(within(row).getByText("Berlin")).toBeTruthy();
    expect((within(row).getByLabelText("Safety stock") as HTMLInputElement).value).toBe("1");
  });

  it("sets the safety stock of that level", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<SafetyStock />, { client: client({ stockLevel: { id: LEVEL.id, safetyStock: 4, available: 6 }, errors: [] }, calls) });
    const row = await screen.findByTestId("safety-OMS-SKU-001-Berlin");
    await user.clear(within(row).getByLabelText("Safety stock"));
    await user.type(within(row).getByLabelText("Safety stock"), "4");
    await user.click(within(row).getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Safety stock of OMS-SKU-001 at Berlin: 4")).toBeTruthy();
    expect(callsOf(calls, "SafetyStockSet")).toEqual([{ input: { locationId: "TG9jOjE=", variantId: "UHJvZHVjdFZhcmlhbnQ6MQ==", quantity: 4 } }]);
    await waitFor(() => expect(callsOf(calls, "SafetyLevels")).toHaveLength(2));
  });

  it("shows the field error the API answers", async () => {
    const user = userEvent.setup();
    const refusal = { stockLevel: null, errors: [{ field: "quantity", message: "Safety stock must be 0 or more.", code: "INVALID_QUANTITY" }] };
    renderWithApp(<SafetyStock />, { client: client(refusal, []) });
    const row = await screen.findByTestId("safety-OMS-SKU-001-Berlin");
    await user.clear(within(row).getByLabelText("Safety stock"));
    await user.type(within(row).getByLabelText("Safety stock"), "-2");
    await user.click(within(row).getByRole("button", { name: "Save" }));

    expect((await within(row).findByTestId("field-errors")).textContent).toBe("quantity: Safety stock must be 0 or more. (INVALID_QUANTITY)");
  });
});
