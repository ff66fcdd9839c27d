import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { Transfers, type Transfer } from "./Transfers";

const BERLIN = { id: "TG9jOjE=", name: "Berlin", kind: "SALEOR_WAREHOUSE" };
const SOHO = { id: "TG9jOjI=", name: "Soho store", kind: "STORE" };
const LEVEL = { id: "U3Q6MQ==", variantId: "VmFyOjE=", sku: "OMS-SKU-001", onHand: 12, available: 9, safetyStock: 0, location: { id: BERLIN.id, name: "Berlin" } };

function transfer(reference: string, state: Transfer["state"]): Transfer {
  return {
    id: `VHI6${reference}`,
    state,
    reference,
    note: "",
    createdAt: "2026-11-20T10:00:00+00:00",
    dispatchedAt: null,
    receivedAt: null,
    fromLocation: { id: BERLIN.id, name: "Berlin" },
    toLocation: { id: SOHO.id, name: "Soho store" },
    lines: [{ variantId: "VmFyOjE=", quantity: 3, receivedQuantity: null, discrepancy: 0 }],
  };
}

function client(answers: Record<string, unknown>, calls: Call[]) {
  return answering(
    {
      Locations: { locations: connection([BERLIN, SOHO]) },
      TransferList: { transfers: connection([transfer("TR-1", "REQUESTED"), transfer("TR-2", "IN_TRANSIT")]) },
      TransferSourceLevels: { stockLevels: connection([LEVEL]) },
      ...answers,
    },
    calls,
  );
}

// user-event typing is slow on a loaded machine: generous per-test time
describe("transfers", { timeout: 30000 }, () => {
  it("lists transfers with the actions their state allows", async () => {
    renderWithApp(<Transfers />, { client: client({}, []) });
    const requested = await screen.findByTestId("transfer-TR-1");
    expect(within(requested).getByRole("button", { name: "Ship" })).toBeTruthy();
    expect(within(requested).queryByRole("button", { name: "Receive" })).toBeNull();
    const inTransit = screen.getByTestId("transfer-TR-2");
    expect(within(inTransit).getByRole("button", { name: "Receive" })).toBeTruthy();
    expect(within(inTransit).getByText("in transit")).toBeTruthy();
  });

  it("requests a transfer of a variant found at the source", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<Transfers />, { client: client({ TransferRequest: { transferRequest: { transfer: transfer("TR-3", "REQUESTED"), errors: [] } } }, calls) });
    const form = await screen.findByTestId("new-transfer");
    await within(form).findAllByRole("option", { name: "Soho store" });
    await user.selectOptions(within(form).getByLabelText("From"), BERLIN.id);
    await user.selectOptions(within(form).getByLabelText("To"), SOHO.id);
    await user.type(within(form).getByLabelText("Reference"), "TR-3");
    await within(form).findByRole("option", { name: "OMS-SKU-001 (9 available)" });
    await user.selectOptions(within(form).getByLabelText("Add a variant"), "VmFyOjE=");
    await user.clear(within(form).getByLabelText("Quantity of OMS-SKU-001"));
    await user.type(within(form).getByLabelText("Quantity of OMS-SKU-001"), "2");
    await user.click(within(form).getByRole("button", { name: "Request transfer" }));

    expect(await screen.findByText("Transfer requested: the units are reserved at the source")).toBeTruthy();
    expect(callsOf(calls, "TransferSourceLevels")[0]).toEqual({ locationId: BERLIN.id, sku: null });
    expect(callsOf(calls, "TransferRequest")).toEqual([
      { input: { fromLocationId: BERLIN.id, toLocationId: SOHO.id, lines: [{ variantId: "VmFyOjE=", quantity: 2 }], reference: "TR-3", note: "" } },
    ]);
  });

  it("shows why a request was refused", async () => {
    const user = userEvent.setup();
    const refusal = { transfer: null, errors: [{ field: "lines", message: "Not enough stock at Berlin.", code: "INSUFFICIENT_STOCK" }] };
    renderWithApp(<Transfers />, { client: client({ TransferRequest: { transferRequest: refusal } }, []) });
    const form = await screen.findByTestId("new-transfer");
    await within(form).findAllByRole("option", { name: "Soho store" });
    await user.selectOptions(within(form).getByLabelText("From"), BERLIN.id);
    await user.selectOptions(within(form).getByLabelText("To"), SOHO.id);
    await within(form).findByRole("option", { name: "OMS-SKU-001 (9 available)" });
    await user.selectOptions(within(form).getByLabelText("Add a variant"), "VmFyOjE=");
    await user.click(within(form).getByRole("button", { name: "Request transfer" }));

    expect((await within(form).findByTestId("field-errors")).textContent).toBe("lines: Not enough stock at Berlin. (INSUFFICIENT_STOCK)");
  });

  it("ships, receives what was counted, and cancels only once confirmed", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const moved = (state: string) => ({ transfer: { id: "x", state }, errors: [] });
    renderWithApp(<Transfers />, {
      client: client(
        { TransferDispatch: { transferDispatch: moved("IN_TRANSIT") }, TransferReceive: { transferReceive: moved("RECEIVED") }, TransferCancel: { transferCancel: moved("CANCELLED") } },
        calls,
      ),
    });
    const requested = await screen.findByTestId("transfer-TR-1");
    await user.click(within(requested).getByRole("button", { name: "Ship" }));
    expect(await screen.findByText("TR-1 shipped")).toBeTruthy();

    await user.click(within(screen.getByTestId("transfer-TR-2")).getByRole("button", { name: "Receive" }));
    const receive = await screen.findByTestId("receive-form");
    await user.clear(within(receive).getByLabelText("Received of VmFyOjE="));
    await user.type(within(receive).getByLabelText("Received of VmFyOjE="), "2");
    await user.click(within(receive).getByRole("button", { name: "Confirm receipt" }));
    expect(await screen.findByText("TR-2 received")).toBeTruthy();

    const row = screen.getByTestId("transfer-TR-1");
    await user.click(within(row).getByRole("button", { name: "Cancel" }));
    expect(callsOf(calls, "TransferCancel")).toEqual([]);
    await user.type(within(row).getByLabelText("Reason"), "wrong store");
    await user.click(within(row).getByRole("button", { name: "Cancel transfer" }));
    expect(await screen.findByText("TR-1 cancelled")).toBeTruthy();

    expect(callsOf(calls, "TransferDispatch")).toEqual([{ id: "VHI6TR-1" }]);
    expect(callsOf(calls, "TransferReceive")).toEqual([{ id: "VHI6TR-2", lines: [{ variantId: "VmFyOjE=", quantity: 2 }] }]);
    expect(callsOf(calls, "TransferCancel")).toEqual([{ id: "VHI6TR-1", reason: "wrong store" }]);
  });
});
