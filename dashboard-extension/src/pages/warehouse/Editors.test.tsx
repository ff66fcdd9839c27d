import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { BoxCatalogue } from "./Boxes";
import { VariantDimensionsEditor, measuresOf } from "./Dimensions";
import { ExecutionSettings, cutoffsOf } from "./Execution";
import { LayoutEditor } from "./Layout";

const LOCATION = "TG9jOjE=";

const LAYOUT = {
  warehouseLayout: {
    zones: [{ id: "Wm9uZTox", code: "A", name: "Ambient" }],
    bins: [
      { id: "QmluOjE=", code: "A-1", sequence: 0, x: 0, y: 2, zone: { code: "A" } },
      { id: "QmluOjI=", code: "A-2", sequence: 1, x: 1.5, y: 2, zone: { code: "A" } },
    ],
    slots: [{ id: "U2xvdDox", sku: "MUG-1", bin: { code: "A-1" } }],
    boxTypes: [{ id: "Qm94OjE=", code: "M", name: "Medium", innerWidthMm: 300, innerHeightMm: 200, innerDepthMm: 150, maxWeightG: 5000, cost: "0.80", currency: "EUR", isActive: true }],
  },
};

describe("the layout and box editors", { timeout: 30000 }, () => {
  it("saves a bin with its walking sequence and floor position", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<LayoutEditor locationId={LOCATION} />, {
      client: answering({ WarehouseLayout: LAYOUT, WarehouseBinSave: { warehouseBinSave: { bin: { id: "QmluOjM=", code: "A-3", sequence: 2 }, errors: [] } } }, calls),
    });
    const form = await screen.findByTestId("bin-form");
    expect(within(screen.getByTestId("bin-A-1")).getByText("MUG-1")).toBeTruthy();
    await user.type(within(form).getByLabelText("Bin code"), "A-3");
    await user.clear(within(form).getByLabelText("x (m)"));
    await user.type(within(form).getByLabelText("x (m)"), "3.5");
    await user.click(within(form).getByRole("button", { name: "Save bin" }));
    await screen.findByText("Bin A-3 saved");
    // the sequence defaults to the end of the walk
    expect(callsOf(calls, "WarehouseBinSave")).toEqual([{ input: { locationId: LOCATION, code: "A-3", zoneCode: "A", sequence: 2, x: 3.5, y: 0 } }]);
  });

  it("imports slotting from CSV and shows the error of each bad row", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const refusal = { created: null, updated: null, unchanged: null, errors: [{ field: "row 3", message: "No bin Z-9 at this location.", code: "CSV_INVALID" }] };
    renderWithApp(<LayoutEditor locationId={LOCATION} />, { client: answering({ WarehouseLayout: LAYOUT, WarehouseSlottingImport: { warehouseSlottingImport: refusal } }, calls) });
    const area = await screen.findByTestId("slotting-import");
    await user.type(within(area).getByLabelText("Slotting CSV"), "sku,bin{Enter}TEA-1,A-2{Enter}CUP-1,Z-9");
    await user.click(within(area).getByRole("button", { name: "Import slotting" }));
    expect((await screen.findByTestId("field-errors")).textContent).toBe("row 3: No bin Z-9 at this location. (CSV_INVALID)");
    expect(callsOf(calls, "WarehouseSlottingImport")).toEqual([{ locationId: LOCATION, csv: "sku,bin\nTEA-1,A-2\nCUP-1,Z-9" }]);
  });

  it("adds a box to the catalogue", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<BoxCatalogue locationId={LOCATION} />, { client: answering({ WarehouseLayout: LAYOUT, BoxTypeSave: { boxTypeSave: { boxType: { id: "Qm94OjI=", code: "L" }, errors: [] } } }, calls) });
    expect(within(await screen.findByTestId("box-M")).getByText("300 × 200 × 150")).toBeTruthy();
    const form = screen.getByTestId("box-form");
    const save = within(form).getByRole("button", { name: "Save box" });
    await user.type(within(form).getByLabelText("Box code"), "L");
    await user.type(within(form).getByLabelText("Width (mm)"), "400");
    await user.type(within(form).getByLabelText("Height (mm)"), "300");
    expect((save as HTMLButtonElement).disabled).toBe(true);
    await user.type(within(form).getByLabelText("Depth (mm)"), "250");
    await user.type(within(form).getByLabelText("Max contents (g)"), "10000");
    await user.clear(within(form).getByLabelText("Cost"));
    await user.type(within(form).getByLabelText("Cost"), "1.20");
    await user.type(within(form).getByLabelText("Currency"), "eur");
    await user.click(save);
    await screen.findByText("Box L saved");
    expect(callsOf(calls, "BoxTypeSave")).toEqual([
      { input: { locationId: LOCATION, code: "L", name: "", innerWidthMm: 400, innerHeightMm: 300, innerDepthMm: 250, maxWeightG: 10000, cost: "1.20", currency: "EUR", isActive: true } },
    ]);
  });

  it("sets a variant's dimensions: all three sides or none", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const saved = { id: "VkQ6MQ==", variantId: "UHJvZHVjdFZhcmlhbnQ6MQ==", sku: "MUG-1", barcode: "400001", widthMm: 90, heightMm: 100, depthMm: 90, weightG: 350, keepUpright: false, updatedAt: "2026-12-01T10:00:00+00:00" };
    renderWithApp(<VariantDimensionsEditor />, {
      client: answering({ VariantDimensions: { variantDimensions: connection([saved]) }, VariantDimensionsSet: { variantDimensionsSet: { dimensions: saved, errors: [] } } }, calls),
    });
    await user.click(within(await screen.findByTestId("dimensions-MUG-1")).getByRole("button", { name: "Edit" }));
    const form = screen.getByTestId("dimensions-form");
    await user.clear(within(form).getByLabelText("Depth (mm)"));
    expect(screen.getByRole("alert").textContent).toBe("Give all three sides, or none.");
    await user.type(within(form).getByLabelText("Depth (mm)"), "95");
    await user.click(within(form).getByRole("button", { name: "Save dimensions" }));
    await screen.findByText("Dimensions of MUG-1 saved");
    expect(callsOf(calls, "VariantDimensionsSet")).toEqual([
      { input: { variantId: saved.variantId, sku: "MUG-1", barcode: "400001", keepUpright: false, widthMm: 90, heightMm: 100, depthMm: 95, weightG: 350 } },
    ]);
  });

  it("reads measures and cut-offs as the API wants them", () => {
    const draft = { variantId: "v", sku: "", barcode: "", width: "", height: "", depth: "", weight: "", keepUpright: false };
    expect(measuresOf(draft)).toEqual({ widthMm: null, heightMm: null, depthMm: null, weightG: null });
    expect(measuresOf({ ...draft, width: "1", height: "2", depth: "0" })).toEqual({ problem: "Sides are whole millimetres above 0." });
    expect(measuresOf({ ...draft, weight: "1.5" })).toEqual({ problem: "The weight is whole grams above 0." });
    expect(cutoffsOf("15:30, 18:00 ,")).toEqual(["15:30", "18:00"]);
  });

  it("switches warehouse execution on with how waves are made", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const execution = { enabled: false, waveSizeCap: 200, totesPerCart: 20, strategy: "BATCH", waveIntervalMinutes: null, cutoffTimes: [], timeZone: "UTC", updatedAt: null, location: { id: LOCATION, name: "Berlin" } };
    renderWithApp(<ExecutionSettings locationId={LOCATION} />, {
      client: answering({ WarehouseExecution: { warehouseExecution: execution }, WarehouseExecutionSet: { warehouseExecutionSet: { execution: { ...execution, enabled: true }, errors: [] } } }, calls),
    });
    const form = await screen.findByTestId("execution-settings");
    await user.click(within(form).getByRole("checkbox"));
    await user.selectOptions(within(form).getByLabelText("Strategy"), "DISCRETE");
    await user.type(within(form).getByLabelText("Carrier cut-offs (HH:MM)"), "15:30, 18:00");
    await user.type(within(form).getByLabelText("Wave every (minutes)"), "30");
    await user.clear(within(form).getByLabelText("Time zone"));
    await user.type(within(form).getByLabelText("Time zone"), "Europe/Berlin");
    await user.click(within(form).getByRole("button", { name: "Save" }));
    await screen.findByText("Warehouse execution on at Berlin");
    expect(callsOf(calls, "WarehouseExecutionSet")).toEqual([
      { locationId: LOCATION, input: { enabled: true, strategy: "DISCRETE", waveSizeCap: 200, totesPerCart: 20, waveIntervalMinutes: 30, cutoffTimes: ["15:30", "18:00"], timeZone: "Europe/Berlin" } },
    ]);
  });
});
