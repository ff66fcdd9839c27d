import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { answering, callsOf, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { PurchaseOrderPage } from "./PurchaseOrders";

const ORDER = {
  id: "UE86MQ==",
  number: "PO-000001",
  state: "SENT",
  currency: "EUR",
  expectedOn: "2026-12-10",
  createdAt: "2026-11-20T10:00:00+00:00",
  sentAt: "2026-11-20T11:00:00+00:00",
  lateAt: null,
  totalValue: "140.00",
  openValue: "140.00",
  openUnits: 14,
  notes: "",
  emailedAt: "2026-11-20T11:00:00+00:00",
  receivedAt: null,
  cancelledAt: null,
  pdfUrl: "http://oms.test/purchasing/po/signed.pdf",
  csvUrl: "http://oms.test/purchasing/po/signed.csv",
  supplier: { id: "U3VwOjE=", name: "Acme", email: "orders@acme.test" },
  location: { id: "TG9jOjE=", name: "Berlin" },
  lines: [
    { id: "TDox", variantId: "VmFyOjE=", sku: "OMS-SKU-001", supplierSku: "A-1", quantityOrdered: 10, quantityReceived: 0, quantityOpen: 10, unitCost: "10.00" },
    { id: "TDoy", variantId: "VmFyOjI=", sku: "OMS-SKU-002", supplierSku: "A-2", quantityOrdered: 4, quantityReceived: 0, quantityOpen: 4, unitCost: "10.00" },
  ],
};

function client(calls: Call[], order: Record<string, unknown> = ORDER) {
  return answering(
    {
      PurchaseOrder: { purchaseOrder: order },
      PurchaseOrderReceive: { purchaseOrderReceive: { purchaseOrder: { ...ORDER, state: "PARTIALLY_RECEIVED" }, errors: [] } },
      PurchaseOrderSend: { purchaseOrderSend: { purchaseOrder: { ...ORDER, state: "SENT" }, errors: [] } },
      PurchaseOrderCancel: { purchaseOrderCancel: { purchaseOrder: { ...ORDER, state: "CANCELLED" }, errors: [] } },
    },
    calls,
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a purchase order", { timeout: 30000 }, () => {
  it("refuses to receive more than is open, sending nothing", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<PurchaseOrderPage id={ORDER.id} onBack={() => undefined} />, { client: client(calls) });
    const form = await screen.findByTestId("receive-form");

    await user.type(within(form).getByLabelText("Received of OMS-SKU-002"), "5");
    expect(await within(form).findByText("Only 4 still open.")).toBeTruthy();
    expect((within(form).getByRole("button", { name: "Receive" }) as HTMLButtonElement).disabled).toBe(true);
    expect(callsOf(calls, "PurchaseOrderReceive")).toEqual([]);
  });

  it("asks for at least one unit", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<PurchaseOrderPage id={ORDER.id} onBack={() => undefined} />, { client: client(calls) });
    const form = await screen.findByTestId("receive-form");

    await user.click(within(form).getByRole("button", { name: "Receive" }));
    expect(await within(form).findByText("Enter the units that arrived.")).toBeTruthy();
    expect(callsOf(calls, "PurchaseOrderReceive")).toEqual([]);
  });

  it("receives a partial delivery under one key per delivery", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<PurchaseOrderPage id={ORDER.id} onBack={() => undefined} />, { client: client(calls) });
    const form = await screen.findByTestId("receive-form");

    await user.type(within(form).getByLabelText("Received of OMS-SKU-001"), "6");
    await user.click(within(form).getByRole("button", { name: "Receive" }));

    expect(await screen.findByText("Received 6 units of PO-000001")).toBeTruthy();
    const [receipt] = callsOf(calls, "PurchaseOrderReceive") as { id: string; key: string; lines: unknown[] }[];
    expect(receipt).toMatchObject({ id: ORDER.id, lines: [{ lineId: "TDox", quantity: 6 }] });
    expect(receipt.key).toMatch(/\S{8,}/);
  });

  it("opens its PDF and CSV, and e-mails a draft", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const open = vi.spyOn(window, "open").mockImplementation(() => null);
    renderWithApp(<PurchaseOrderPage id={ORDER.id} onBack={() => undefined} />, { client: client(calls, { ...ORDER, state: "DRAFT", sentAt: null, emailedAt: null }) });

    await user.click(await screen.findByRole("button", { name: "PDF" }));
    expect(open).toHaveBeenCalledWith(ORDER.pdfUrl, "_blank", "noopener");
    expect(screen.queryByTestId("receive-form")).toBeNull();

    await user.click(screen.getByRole("button", { name: "Send by e-mail" }));
    expect(await screen.findByText("PO-000001 e-mailed to orders@acme.test")).toBeTruthy();
    expect(callsOf(calls, "PurchaseOrderSend")).toEqual([{ id: ORDER.id, email: true }]);
  });

  it("cancels only once confirmed, with the reason", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<PurchaseOrderPage id={ORDER.id} onBack={() => undefined} />, { client: client(calls) });

    await user.click(await screen.findByRole("button", { name: "Cancel order" }));
    expect(callsOf(calls, "PurchaseOrderCancel")).toEqual([]);
    await user.type(screen.getByLabelText("Reason"), "supplier closed");
    await user.click(screen.getByRole("button", { name: "Cancel it" }));

    await waitFor(() => expect(callsOf(calls, "PurchaseOrderCancel")).toEqual([{ id: ORDER.id, reason: "supplier closed" }]));
  });
});
