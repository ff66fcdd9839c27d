import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { Replenishment } from "./Replenishment";

const LEVEL = { id: "U3Q6MQ==", variantId: "VmFyOjE=", sku: "OMS-SKU-001", onHand: 12, available: 9, safetyStock: 0, location: { id: "TG9jOjE=", name: "Berlin" } };
const SETTING = { id: "UlM6Nw==", variantId: "VmFyOjE=", reorderPoint: 5, targetLevel: 20, leadTimeDays: 7, onOrder: 0, supplier: "Acme", notes: "", updatedAt: "2026-11-20T10:00:00+00:00" };

function client(answers: Record<string, unknown>, calls: Call[]) {
  return answering(
    {
      Locations: { locations: connection([{ id: "TG9jOjE=", name: "Berlin", kind: "SALEOR_WAREHOUSE" }]) },
      SafetyLevels: { stockLevels: connection([LEVEL]) },
      ReplenishmentSetting: { replenishmentSettings: connection([SETTING]) },
      ...answers,
    },
    calls,
  );
}

async function openForm(user: ReturnType<typeof userEvent.setup>) {
  const table = await screen.findByTestId("reorder-levels");
  await user.click(within(table).getByRole("button", { name: "Reorder settings" }));
  return screen.findByTestId("reorder-form");
}

// user-event typing is slow on a loaded machine: generous per-test time
describe("reorder settings", { timeout: 30000 }, () => {
  it("loads the level's own settings and saves a change", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<Replenishment />, { client: client({ ReplenishmentSettingSet: { replenishmentSettingSet: { setting: { ...SETTING, reorderPoint: 8 }, errors: [] } } }, calls) });
    const form = await openForm(user);
    expect(callsOf(calls, "ReplenishmentSetting")).toEqual([{ locationId: "TG9jOjE=", variantId: "VmFyOjE=" }]);
    const reorderPoint = within(form).getByLabelText("Reorder point") as HTMLInputElement;
    await waitFor(() => expect(reorderPoint.value).toBe("5"));
    expect((within(form).getByLabelText("Supplier") as HTMLInputElement).value).toBe("Acme");

    await user.clear(reorderPoint);
    await user.type(reorderPoint, "8");
    await user.click(within(form).getByRole("button", { name: "Save reorder settings" }));

    expect(await screen.findByText("Reorder settings of OMS-SKU-001 at Berlin saved")).toBeTruthy();
    expect(callsOf(calls, "ReplenishmentSettingSet")).toEqual([
      { input: { locationId: "TG9jOjE=", variantId: "VmFyOjE=", reorderPoint: 8, targetLevel: 20, leadTimeDays: 7, onOrder: 0, supplier: "Acme", notes: "" } },
    ]);
  });

  it("shows a refused target next to its field", async () => {
    const user = userEvent.setup();
    const refusal = { setting: null, errors: [{ field: "target_level", message: "The target level must be at least the reorder point.", code: "INVALID_TARGET" }] };
    renderWithApp(<Replenishment />, { client: client({ ReplenishmentSettingSet: { replenishmentSettingSet: refusal } }, []) });
    const form = await openForm(user);
    await waitFor(() => expect((within(form).getByLabelText("Target level") as HTMLInputElement).value).toBe("20"));
    await user.click(within(form).getByRole("button", { name: "Save reorder settings" }));

    expect((await within(form).findByTestId("field-errors")).textContent).toContain("target_level: The target level must be at least the reorder point. (INVALID_TARGET)");
    // and under the target input itself
    expect(within(form).getByText("The target level must be at least the reorder point.")).toBeTruthy();
  });

  it("falls back to the defaults only once confirmed", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<Replenishment />, { client: client({ ReplenishmentSettingDelete: { replenishmentSettingDelete: { deletedId: SETTING.id, errors: [] } } }, calls) });
    const form = await openForm(user);
    await user.click(await within(form).findByRole("button", { name: "Use defaults" }));
    expect(callsOf(calls, "ReplenishmentSettingDelete")).toEqual([]);
    await user.click(within(form).getByRole("button", { name: "Delete" }));

    expect(await screen.findByText("OMS-SKU-001 at Berlin uses the defaults again")).toBeTruthy();
    expect(callsOf(calls, "ReplenishmentSettingDelete")).toEqual([{ id: SETTING.id }]);
  });
});
