import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, type Call } from "../test/answers";
import { renderWithApp } from "../test/render";
import { CapturePage } from "./Capture";
import type { CapturedOrder } from "./capture/CapturedOrders";
import { fieldInWords, problemInWords } from "./capture/explain";
import type { CaptureSource } from "./capture/Sources";

const PHONE: CaptureSource = {
  id: "T21zQ2FwdHVyZVNvdXJjZTox",
  code: "phone",
  name: "Phone orders",
  channelSlug: "default-channel",
  warehouseId: "V2FyZWhvdXNlOjE=",
  shippingMethodId: "U2hpcHBpbmdNZXRob2Q6MQ==",
  taxClassId: "VGF4Q2xhc3M6Mg==",
  replayWindowSeconds: 300,
  isActive: true,
  webhookPath: "/api/capture/phone/",
  createdAt: "2026-11-20T09:00:00+00:00",
  secretRotatedAt: null,
};

// As the OMS serialises it: the stored order in OmsOrderImportInput's shape, as JSON text.
const STORED = {
  externalReference: "PH-3",
  customerEmail: "ada@example.com",
  customerName: "Ada Lovelace",
  currency: "USD",
  createdAt: "2026-11-24T10:55:00+00:00",
  billingAddress: { firstName: "Ada", lastName: "Lovelace", streetAddress1: "1 Market St", city: "San Francisco", postalCode: "94103", country: "US", countryArea: "CA" },
  shippingAddress: { firstName: "Ada", lastName: "Lovelace", streetAddress1: "1 Market St", city: "San Francisco", postalCode: "94103", country: "US", countryArea: "CA" },
  lines: [{ sku: "NO-SUCH", quantity: 1, unitPriceGross: "20.00", unitPriceNet: "20.00", taxRate: "0", productName: "" }],
  shipping: { methodName: "Phone courier", methodId: "", priceGross: "5.00", priceNet: "5.00", taxRate: "0" },
  payments: [{ amount: "25.00", kind: "CHARGED", gateway: "phone-card", pspReference: "p-PH-3" }],
  notes: ["ordered by phone"],
  metadata: [],
};

function captured(reference: string, extra: Partial<CapturedOrder> = {}): CapturedOrder {
  return {
    id: `T21zQ2FwdHVyZWRPcmRlcjo${reference}`,
    externalReference: reference,
    door: "API",
    state: "REFUSED",
    saleorOrderId: null,
    saleorOrderNumber: null,
    attempts: 1,
    receivedAt: "2026-11-24T11:00:00+00:00",
    settledAt: "2026-11-24T11:00:05+00:00",
    payload: JSON.stringify({ ...STORED, externalReference: reference }),
    source: { id: PHONE.id, code: "phone", name: "Phone orders" },
    errors: [{ field: "lines.0.variant_sku", code: "NOT_FOUND", message: "Variant with SKU NO-SUCH does not exist." }],
    ...extra,
  };
}

const page = (items: CapturedOrder[], hasNextPage = false, endCursor: string | null = null) => ({
  capturedOrders: { totalCount: items.length, pageInfo: { hasNextPage, endCursor }, edges: items.map((node) => ({ node })) },
});

function client(answers: Record<string, unknown>, calls: Call[]) {
  return answering({ CaptureSources: { captureSources: [PHONE] }, CapturedOrders: page([captured("PH-3")]), ...answers } as Parameters<typeof answering>[0], calls);
}

async function openOrder(reference: string) {
  const user = userEvent.setup();
  await user.click(await screen.findByTestId(`captured-${reference}`));
  return { user, detail: await screen.findByTestId("captured-detail") };
}

describe("refusals in plain words", () => {
  it("names the field as the order form does and says what the code means", () => {
    expect(fieldInWords("lines.0.variant_sku")).toBe("Line 1 SKU");
    expect(fieldInWords("lines[1].quantity")).toBe("Line 2 quantity");
    expect(fieldInWords("billing_address.country")).toBe("Billing address country");
    expect(fieldInWords(null)).toBe("");
    expect(problemInWords({ field: "lines.0.variant_sku", code: "NOT_FOUND", message: "No variant." })).toBe("Line 1 SKU was not found in Saleor: No variant.");
    expect(problemInWords({ field: "customer_email", code: "REQUIRED", message: "" })).toBe("Customer email is missing.");
    expect(problemInWords({ field: null, code: "SOMETHING_NEW", message: "Odd." })).toBe("The order was refused (SOMETHING_NEW): Odd.");
  });
});

describe("the capture page", { timeout: 30000 }, () => {
  it("lists the sources with their webhook URL and creates one, showing its secret once", async () => {
    const calls: Call[] = [];
    const created = { ...PHONE, id: "T21zQ2FwdHVyZVNvdXJjZToy", code: "market", name: "Marketplace", webhookPath: "/api/capture/market/" };
    renderWithApp(<CapturePage />, {
      client: client({ CaptureSourceCreate: { captureSourceCreate: { source: created, secret: "s3cret-once", errors: [] } } }, calls),
    });
    const sources = await screen.findByTestId("capture-sources");
    expect(within(sources).getByTestId("source-phone").textContent).toContain(`${window.location.origin}/api/capture/phone/`);

    const user = userEvent.setup();
    const form = screen.getByTestId("new-capture-source");
    await user.type(within(form).getByLabelText("Code"), "market");
    await user.type(within(form).getByLabelText("Name"), "Marketplace");
    await user.type(within(form).getByLabelText("Channel slug"), "default-channel");
    await user.type(within(form).getByLabelText("Warehouse ID"), "V2FyZWhvdXNlOjE=");
    await user.type(within(form).getByLabelText("Shipping method ID"), "U2hpcHBpbmdNZXRob2Q6MQ==");
    await user.type(within(form).getByLabelText("Tax class ID"), "VGF4Q2xhc3M6Mg==");
    await user.clear(within(form).getByLabelText("Replay window (seconds)"));
    await user.type(within(form).getByLabelText("Replay window (seconds)"), "600");
    await user.click(within(form).getByRole("button", { name: "Create source" }));

    const shown = await screen.findByTestId("capture-secret");
    expect(callsOf(calls, "CaptureSourceCreate")).toEqual([
      {
        input: {
          code: "market",
          name: "Marketplace",
          channelSlug: "default-channel",
          warehouseId: "V2FyZWhvdXNlOjE=",
          shippingMethodId: "U2hpcHBpbmdNZXRob2Q6MQ==",
          taxClassId: "VGF4Q2xhc3M6Mg==",
          replayWindowSeconds: 600,
        },
      },
    ]);
    expect(shown.textContent).toContain("s3cret-once");
    expect(shown.textContent).toContain("shown once");
    expect(within(shown).getByTestId("capture-webhook-url").textContent).toBe(`${window.location.origin}/api/capture/market/`);
    await user.click(within(shown).getByRole("button", { name: "Copy secret" }));
    expect(await navigator.clipboard.readText()).toBe("s3cret-once");
    expect(within(shown).getByRole("button", { name: "Copied" })).toBeTruthy();
    // the list is asked again, so the new source appears
    expect(callsOf(calls, "CaptureSources").length).toBe(2);

    await user.click(within(shown).getByRole("button", { name: "I have copied it" }));
    expect(screen.queryByTestId("capture-secret")).toBeNull();
  });

  it("shows the source's errors next to its fields", async () => {
    renderWithApp(<CapturePage />, {
      client: client(
        { CaptureSourceCreate: { captureSourceCreate: { source: null, secret: null, errors: [{ field: "code", code: "DUPLICATE", message: "A source with the code 'phone' exists." }] } } },
        [],
      ),
    });
    const user = userEvent.setup();
    const form = await screen.findByTestId("new-capture-source");
    await user.type(within(form).getByLabelText("Code"), "phone");
    await user.type(within(form).getByLabelText("Name"), "Phone again");
    await user.click(within(form).getByRole("button", { name: "Create source" }));
    expect(await within(form).findByText("A source with the code 'phone' exists.")).toBeTruthy();
    expect(screen.queryByTestId("capture-secret")).toBeNull();
  });

  it("rotates a source's secret only once confirmed, and shows the new one once", async () => {
    const calls: Call[] = [];
    renderWithApp(<CapturePage />, {
      client: client({ CaptureSourceSecretRotate: { captureSourceSecretRotate: { source: { ...PHONE, secretRotatedAt: "2026-11-25T10:00:00+00:00" }, secret: "new-secret", errors: [] } } }, calls),
    });
    const user = userEvent.setup();
    const row = await screen.findByTestId("source-phone");
    await user.click(within(row).getByRole("button", { name: "Rotate secret" }));
    expect(callsOf(calls, "CaptureSourceSecretRotate")).toEqual([]);
    const question = within(row).getByRole("group", { name: /Rotate the secret of phone\? The current one stops working at once\./ });
    await user.click(within(question).getByRole("button", { name: "Rotate" }));

    const shown = await screen.findByTestId("capture-secret");
    expect(callsOf(calls, "CaptureSourceSecretRotate")).toEqual([{ id: PHONE.id }]);
    expect(shown.textContent).toContain("new-secret");
    expect(shown.textContent).toContain("cannot be shown again");
  });

  it("lists the refused orders first and filters by state and source, a page at a time", async () => {
    const calls: Call[] = [];
    renderWithApp(<CapturePage />, {
      client: client({ CapturedOrders: (variables: Record<string, unknown>) => (variables.after ? page([captured("PH-1")]) : page([captured("PH-3")], true, "cursor-1")) }, calls),
    });
    await screen.findByTestId("captured-PH-3");
    expect(callsOf(calls, "CapturedOrders")).toEqual([{ first: 20, after: null, source: null, state: "REFUSED" }]);

    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByTestId("captured-PH-1");
    expect(callsOf(calls, "CapturedOrders").at(-1)).toEqual({ first: 20, after: "cursor-1", source: null, state: "REFUSED" });

    await user.selectOptions(screen.getByLabelText("State"), "CREATED");
    await user.selectOptions(screen.getByLabelText("Source"), "phone");
    await waitFor(() => expect(callsOf(calls, "CapturedOrders").at(-1)).toEqual({ first: 20, after: null, source: "phone", state: "CREATED" }));
  });

  it("explains a refused order and resends it corrected under the same reference", async () => {
    const calls: Call[] = [];
    renderWithApp(<CapturePage />, {
      client: client({ CapturedOrderResubmit: { capturedOrderResubmit: { capturedOrder: captured("PH-3", { state: "RECEIVED", errors: [] }), errors: [] } } }, calls),
    });
    const { user, detail } = await openOrder("PH-3");
    expect(within(detail).getByTestId("captured-errors").textContent).toContain("Line 1 SKU was not found in Saleor: Variant with SKU NO-SUCH does not exist.");

    await user.click(within(detail).getByRole("button", { name: "Correct and resend" }));
    const form = within(detail).getByTestId("correction-form");
    const sku = within(form).getByLabelText("Line 1: SKU") as HTMLInputElement;
    expect(sku.value).toBe("NO-SUCH"); // prefilled from the stored order
    expect((within(form).getByLabelText("Billing address: City") as HTMLInputElement).value).toBe("San Francisco");
    await user.clear(sku);
    await user.type(sku, "OMS-SKU-001");
    await user.clear(within(form).getByLabelText("Line 1: Quantity"));
    await user.type(within(form).getByLabelText("Line 1: Quantity"), "2");
    await user.click(within(form).getByRole("button", { name: "Resend to Saleor" }));

    await waitFor(() => expect(callsOf(calls, "CapturedOrderResubmit").length).toBe(1));
    const [sent] = callsOf(calls, "CapturedOrderResubmit") as { id: string; order: typeof STORED }[];
    expect(sent.id).toBe(captured("PH-3").id);
    // the corrected fields, and everything else as stored (the reference, payments, notes)
    expect(sent.order).toEqual({ ...STORED, lines: [{ ...STORED.lines[0], sku: "OMS-SKU-001", quantity: 2 }] });
    await waitFor(() => expect(callsOf(calls, "CapturedOrders").length).toBe(2));
    expect(screen.queryByTestId("correction-form")).toBeNull();
  });

  it("keeps the form open with what is still wrong, in plain words", async () => {
    renderWithApp(<CapturePage />, {
      client: client(
        {
          CapturedOrderResubmit: {
            capturedOrderResubmit: {
              capturedOrder: null,
              errors: [
                { field: "customer_email", code: "REQUIRED", message: "is required" },
                { field: "lines[0].quantity", code: "INVALID", message: "must be at least 1" },
              ],
            },
          },
        },
        [],
      ),
    });
    const { user, detail } = await openOrder("PH-3");
    await user.click(within(detail).getByRole("button", { name: "Correct and resend" }));
    await user.clear(within(detail).getByLabelText("Customer email"));
    await user.click(within(detail).getByRole("button", { name: "Resend to Saleor" }));

    const errors = await within(detail).findByTestId("correction-errors");
    expect(errors.textContent).toContain("Customer email is missing: is required");
    expect(errors.textContent).toContain("Line 1 quantity is not valid: must be at least 1");
    expect(within(detail).getByTestId("correction-form")).toBeTruthy();
  });

  it("discards a refused order only once confirmed", async () => {
    const calls: Call[] = [];
    renderWithApp(<CapturePage />, {
      client: client({ CapturedOrderDiscard: { capturedOrderDiscard: { capturedOrder: captured("PH-3", { state: "DISCARDED" }), errors: [] } } }, calls),
    });
    const { user, detail } = await openOrder("PH-3");
    await user.click(within(detail).getByRole("button", { name: "Discard" }));
    const question = within(detail).getByRole("group", { name: /Discard PH-3\? It is never sent to Saleor\./ });
    expect(callsOf(calls, "CapturedOrderDiscard")).toEqual([]);
    await user.click(within(question).getByRole("button", { name: "Discard" }));

    await waitFor(() => expect(callsOf(calls, "CapturedOrderDiscard")).toEqual([{ id: captured("PH-3").id }]));
    await waitFor(() => expect(callsOf(calls, "CapturedOrders").length).toBe(2));
  });

  it("offers no correction for an order that is not refused", async () => {
    renderWithApp(<CapturePage />, {
      client: client({ CapturedOrders: page([captured("PH-5", { state: "CREATED", errors: [], saleorOrderId: "T3JkZXI6NQ==", saleorOrderNumber: "1005" })]) }, []),
    });
    const { detail } = await openOrder("PH-5");
    expect(within(detail).queryByRole("button", { name: "Correct and resend" })).toBeNull();
    expect(within(detail).queryByRole("button", { name: "Discard" })).toBeNull();
    expect(screen.getByTestId("captured-PH-5").textContent).toContain("#1005");
  });

  it("imports a CSV file and answers each order", async () => {
    const calls: Call[] = [];
    const csv = "external_reference,customer_email,sku,quantity\nC-1,a@example.com,SKU-1,2\nC-2,b@example.com,SKU-1,x\n";
    renderWithApp(<CapturePage />, {
      client: client(
        {
          OrderImportCsv: {
            orderImportCsv: {
              results: [
                { externalReference: "C-1", outcome: "ACCEPTED", errors: [], capturedOrder: { id: "T21zQ2FwdHVyZWRPcmRlcjox", state: "RECEIVED" } },
                { externalReference: "C-0", outcome: "DUPLICATE", errors: [], capturedOrder: { id: "T21zQ2FwdHVyZWRPcmRlcjoy", state: "CREATED" } },
                { externalReference: "C-2", outcome: "REFUSED", errors: [{ field: "lines[0].quantity", code: "INVALID", message: "'x' is not a whole number" }], capturedOrder: null },
              ],
              errors: [],
            },
          },
        },
        calls,
      ),
    });
    const user = userEvent.setup();
    await user.upload(await screen.findByLabelText("CSV file"), new File([csv], "orders.csv", { type: "text/csv" }));
    await user.click(screen.getByRole("button", { name: "Import" }));

    const results = await screen.findByTestId("csv-results");
    expect(callsOf(calls, "OrderImportCsv")).toEqual([{ source: "phone", csv }]);
    expect(within(results).getByTestId("csv-summary").textContent).toBe("1 accepted, 1 already captured, 1 refused.");
    expect(within(results).getByTestId("csv-result-C-2").textContent).toContain("Line 1 quantity is not valid: 'x' is not a whole number");
    expect(within(results).getByTestId("csv-result-C-0").textContent).toContain("Captured before");
    // the captured orders are asked again
    await waitFor(() => expect(callsOf(calls, "CapturedOrders").length).toBe(2));
  });

  it("shows a broken file's error and no results", async () => {
    renderWithApp(<CapturePage />, {
      client: client({ OrderImportCsv: { orderImportCsv: { results: [], errors: [{ field: "csv", code: "INVALID", message: "Missing columns: external_reference, quantity." }] } } }, []),
    });
    const user = userEvent.setup();
    await user.upload(await screen.findByLabelText("CSV file"), new File(["sku\nA\n"], "bad.csv", { type: "text/csv" }));
    await user.click(screen.getByRole("button", { name: "Import" }));
    expect((await screen.findByTestId("field-errors")).textContent).toContain("Missing columns: external_reference, quantity.");
    expect(screen.queryByTestId("csv-results")).toBeNull();
  });
});
