import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, type Call } from "../test/answers";
import { renderWithApp } from "../test/render";
import { ShortPick } from "./ShortPick";

const SHIPMENT = {
  node: {
    id: "U2hpcDox",
    state: "APPLIED",
    lines: [
      { lineId: "T3JkZXJMaW5lOjE=", sku: "OMS-SKU-001", quantity: 2 },
      { lineId: "T3JkZXJMaW5lOjI=", sku: "OMS-SKU-002", quantity: 1 },
    ],
  },
};

// user-event typing is slow on a loaded machine: generous per-test time
describe("reporting a short pick", { timeout: 30000 }, () => {
  it("reports the missing units of the shipment's lines once confirmed", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    let reported = 0;
    const client = answering({ ShipmentLines: SHIPMENT, ReportShortPick: { reportShortPick: { shipment: { id: "U2hpcDox", state: "SHORT_PICKED" }, errors: [] } } }, calls);
    renderWithApp(<ShortPick shipmentId="U2hpcDox" location="OMS Los Angeles" onReported={() => (reported += 1)} />, { client });
    await user.click(screen.getByRole("button", { name: "Report short pick" }));
    const form = await screen.findByTestId("short-pick");
    fireEvent.change(await within(form).findByLabelText("Missing OMS-SKU-001"), { target: { value: "1" } });
    await user.click(within(form).getByRole("button", { name: "Report" }));
    expect(callsOf(calls, "ReportShortPick")).toEqual([]);
    await user.click(within(form).getByRole("button", { name: "Report short pick" }));

    expect(await screen.findByText("Short pick at OMS Los Angeles reported: the missing units are routed again")).toBeTruthy();
    expect(callsOf(calls, "ShipmentLines")).toEqual([{ id: "U2hpcDox" }]);
    expect(callsOf(calls, "ReportShortPick")).toEqual([{ shipmentId: "U2hpcDox", lines: [{ lineId: "T3JkZXJMaW5lOjE=", missing: 1 }] }]);
    expect(reported).toBe(1);
  });

  it("shows what the API refuses", async () => {
    const user = userEvent.setup();
    const refusal = { shipment: null, errors: [{ field: "shipment", message: "the shipment is pending; only applied shipments can be short-picked", code: "SHIPMENT_NOT_APPLIED" }] };
    renderWithApp(<ShortPick shipmentId="U2hpcDox" location="OMS Los Angeles" onReported={() => undefined} />, {
      client: answering({ ShipmentLines: SHIPMENT, ReportShortPick: { reportShortPick: refusal } }),
    });
    await user.click(screen.getByRole("button", { name: "Report short pick" }));
    const form = await screen.findByTestId("short-pick");
    fireEvent.change(await within(form).findByLabelText("Missing OMS-SKU-002"), { target: { value: "1" } });
    await user.click(within(form).getByRole("button", { name: "Report" }));
    await user.click(within(form).getByRole("button", { name: "Report short pick" }));

    expect((await within(form).findByTestId("field-errors")).textContent).toBe(
      "shipment: the shipment is pending; only applied shipments can be short-picked (SHIPMENT_NOT_APPLIED)",
    );
  });
});
