import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { AppBridge } from "@saleor/app-sdk/app-bridge";
import { describe, expect, it, vi } from "vitest";

import { answering, callsOf, operationOf, type Call } from "../test/answers";
import { SALEOR_API_URL } from "../test/dashboard";
import { clientAnswering, renderWithApp } from "../test/render";
import { ReviewPage, type ScreeningHold } from "./Review";

const LINE_ID = "T3JkZXJMaW5lOjE=";
const TAGGED = "UHJvZHVjdFZhcmlhbnQ6MjE=";
const SIBLING = "UHJvZHVjdFZhcmlhbnQ6MjI=";

// As the OMS serialises a screening: JSONString fields are JSON text.
function hold(number: string, extra: Partial<ScreeningHold> = {}): ScreeningHold {
  return {
    id: `T21zU2NyZWVuaW5nOj${number}`,
    state: "HELD",
    reasonCodes: ["STOCK_OUT", "POSTAL_CODE_CITY_MISMATCH"],
    riskScore: 12,
    marks: [],
    channel: "oms-us",
    currency: "USD",
    runs: 1,
    screenedAt: "2026-11-20T10:00:00+00:00",
    createdAt: "2026-11-20T09:59:00+00:00",
    decidedBy: "",
    decisionNote: "",
    order: {
      id: `T21zT3JkZXI6${number}`,
      saleorId: `T3JkZXI6${number}`,
      number,
      status: "UNCONFIRMED",
      userEmail: "grace@example.com",
      totalGross: "120.00",
      currency: "USD",
      createdAt: "2026-11-20T09:58:00+00:00",
      shippingAddress: {
        firstName: "Grace",
        lastName: "Hopper",
        companyName: "",
        streetAddress1: "9465 Wilshire Blvd",
        streetAddress2: "",
        city: "LOS ANGELES",
        cityArea: "",
        postalCode: "90212",
        country: "US",
        countryArea: "CA",
        phone: "",
      },
      lines: [{ saleorId: LINE_ID, productName: "Juice", variantName: "1l", sku: "JUICE-1L", quantity: 3, quantityFulfilled: 0 }],
    },
    checks: [
      {
        check: "STOCK",
        outcome: "FIX",
        code: "STOCK_OUT",
        message: "Missing 3 × Juice; substitutes in stock are proposed for each.",
        suggestion: JSON.stringify({
          substitutes: {
            [LINE_ID]: [
              { variantId: TAGGED, name: "Juice 1l (organic)", available: 9, tagged: true },
              { variantId: SIBLING, name: "Juice 2l", available: 4, tagged: false },
            ],
          },
        }),
        facts: JSON.stringify({ units: 3, unitsAvailable: 0, short: [{ lineId: LINE_ID, variantId: "UHJvZHVjdFZhcmlhbnQ6MQ==", missing: 3 }] }),
      },
      {
        check: "ADDRESS",
        outcome: "FIX",
        code: "POSTAL_CODE_CITY_MISMATCH",
        message: "ZIP code 90212 is Beverly Hills, CA, not LOS ANGELES.",
        suggestion: JSON.stringify({ city: "BEVERLY HILLS" }),
        facts: "{}",
      },
      { check: "PAYMENT", outcome: "PASS", code: "OK", message: "Paid in full.", suggestion: null, facts: "{}" },
    ],
    ...extra,
  };
}

const queue = (items: ScreeningHold[], hasNextPage = false, endCursor: string | null = null) => ({
  screeningQueue: { totalCount: items.length, pageInfo: { hasNextPage, endCursor }, edges: items.map((node) => ({ node })) },
});
const CHANNELS = { inventoryChannels: [{ slug: "oms-us", name: "OMS US", bufferKind: "NONE", bufferValue: 0, locations: [] }, { slug: "oms-eu", name: "OMS EU", bufferKind: "NONE", bufferValue: 0, locations: [] }] };
const payload = (result: ScreeningHold | null, errors: { field: string | null; message: string; code: string }[] = []) => ({ result, errors });

function client(answers: Record<string, unknown>, calls: Call[]) {
  return answering({ Channels: CHANNELS, ScreeningQueue: queue([hold("1007"), hold("1008")]), ...answers } as Parameters<typeof answering>[0], calls);
}

async function open(number: string) {
  const user = userEvent.setup();
  await user.click(await screen.findByTestId(`hold-${number}`));
  return { user, detail: await screen.findByTestId("hold-detail") };
}

describe("the review queue", { timeout: 30000 }, () => {
  it("lists the holds as the server orders them (oldest first) with their reasons in words", async () => {
    const calls: Call[] = [];
    renderWithApp(<ReviewPage />, { client: client({ ScreeningQueue: queue([hold("1007"), hold("1008", { reasonCodes: ["RISK_HIGH"] })]) }, calls) });
    const table = await screen.findByTestId("review-table");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.getAttribute("data-testid"))).toEqual(["hold-1007", "hold-1008"]);
    expect(rows[0].textContent).toContain("Out of stock, Postal code does not match the city");
    expect(rows[1].textContent).toContain("High fraud risk");
    expect(callsOf(calls, "ScreeningQueue")).toEqual([{ first: 20, after: null, channel: null, reason: null }]);
  });

  it("shows each check's result and reason, and the corrections proposed", async () => {
    renderWithApp(<ReviewPage />, { client: client({}, []) });
    const { detail } = await open("1007");
    const stock = within(detail).getByTestId("check-STOCK");
    expect(within(stock).getByTestId("outcome").textContent).toBe("correction proposed");
    expect(stock.textContent).toContain("Out of stock");
    expect(stock.textContent).toContain("Missing 3 × Juice");
    expect(within(within(detail).getByTestId("check-PAYMENT")).getByTestId("outcome").textContent).toBe("passed");
    const substitute = within(detail).getByTestId("substitute-line");
    expect(substitute.textContent).toContain("Juice (1l) · JUICE-1L");
    expect(substitute.textContent).toContain("3 missing");
    const options = within(substitute).getAllByRole("option").map((option) => option.textContent);
    expect(options).toEqual(["Juice 1l (organic) · 9 available · tagged substitute", "Juice 2l · 4 available"]);
    const city = within(detail).getByTestId("address-city");
    expect(within(city).getAllByRole("cell").map((cell) => cell.textContent)).toEqual(["City", "LOS ANGELES", "BEVERLY HILLS"]);
    // only the fields the correction changes are compared
    expect(within(detail).queryByTestId("address-postalCode")).toBeNull();
  });

  it("filters by channel and reason on the server and pages with the cursor", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<ReviewPage />, {
      client: client(
        {
          ScreeningQueue: (variables: Record<string, unknown>) =>
            variables.after === "YXJyYXljb25uZWN0aW9uOjE5" ? queue([hold("1030")]) : queue([hold("1007")], true, "YXJyYXljb25uZWN0aW9uOjE5"),
        },
        calls,
      ),
    });
    await screen.findByTestId("hold-1007");
    await screen.findAllByRole("option", { name: "OMS EU" });
    await user.selectOptions(screen.getByLabelText("Channel"), "oms-eu");
    await user.selectOptions(screen.getByLabelText("Reason"), "STOCK_OUT");
    await waitFor(() => expect(callsOf(calls, "ScreeningQueue").at(-1)).toEqual({ first: 20, after: null, channel: "oms-eu", reason: "STOCK_OUT" }));

    await user.click(await screen.findByRole("button", { name: "Next" }));
    expect(await screen.findByTestId("hold-1030")).toBeTruthy();
    expect(callsOf(calls, "ScreeningQueue").at(-1)).toEqual({ first: 20, after: "YXJyYXljb25uZWN0aW9uOjE5", channel: "oms-eu", reason: "STOCK_OUT" });
    expect(screen.getByRole("button", { name: "Next" }).hasAttribute("disabled")).toBe(true);

    await user.click(screen.getByRole("button", { name: "Previous" }));
    expect(await screen.findByTestId("hold-1007")).toBeTruthy();
    expect(callsOf(calls, "ScreeningQueue").at(-1)).toMatchObject({ after: null });
  });

  it("accepts the chosen substitute for the short line and asks for the queue again", async () => {
    const calls: Call[] = [];
    renderWithApp(<ReviewPage />, { client: client({ ScreeningAcceptSubstitute: { screeningAcceptSubstitute: payload(hold("1007")) } }, calls) });
    const { user, detail } = await open("1007");
    await user.selectOptions(within(detail).getByLabelText(/^Substitute for/), SIBLING);
    await user.click(within(detail).getByRole("button", { name: "Accept substitute" }));

    await waitFor(() => expect(callsOf(calls, "ScreeningAcceptSubstitute")).toEqual([{ orderId: "T21zT3JkZXI61007", lineId: LINE_ID, variantId: SIBLING }]));
    expect(await screen.findByText(/Substitute added in Saleor/)).toBeTruthy();
    await waitFor(() => expect(callsOf(calls, "ScreeningQueue")).toHaveLength(2));
  });

  it("offers no substitute or address change Saleor would refuse for the order's status", async () => {
    const shipped = hold("1007");
    shipped.order = { ...shipped.order, status: "FULFILLED" };
    renderWithApp(<ReviewPage />, { client: client({ ScreeningQueue: queue([shipped]) }, []) });
    const { detail } = await open("1007");
    expect(within(detail).getByRole("button", { name: "Accept substitute" }).hasAttribute("disabled")).toBe(true);
    expect(within(detail).getByRole("button", { name: "Accept address correction" }).hasAttribute("disabled")).toBe(true);
    expect(detail.textContent).toContain("Saleor changes the lines of unconfirmed orders only; this order is fulfilled.");
  });

  it("shows the refusal of an address correction with its code", async () => {
    const calls: Call[] = [];
    const refused = payload(null, [{ field: null, message: "Saleor refused the change: INVALID (postalCode): Invalid postal code.", code: "SALEOR_REFUSED" }]);
    renderWithApp(<ReviewPage />, { client: client({ ScreeningAcceptAddress: { screeningAcceptAddress: refused } }, calls) });
    const { user, detail } = await open("1007");
    await user.click(within(detail).getByRole("button", { name: "Accept address correction" }));

    const errors = await within(detail).findByTestId("field-errors");
    expect(errors.textContent).toContain("Saleor refused the change: INVALID (postalCode): Invalid postal code. (SALEOR_REFUSED)");
    expect(callsOf(calls, "ScreeningAcceptAddress")).toEqual([{ orderId: "T21zT3JkZXI61007" }]);
  });

  it("cancels only once confirmed, with the note, and the order leaves the queue", async () => {
    const calls: Call[] = [];
    let cancelled = false;
    renderWithApp(<ReviewPage />, {
      client: client(
        {
          ScreeningQueue: () => queue(cancelled ? [hold("1008")] : [hold("1007"), hold("1008")]),
          ScreeningCancel: () => {
            cancelled = true;
            return { screeningCancel: payload(hold("1007", { state: "CANCELLED", decisionNote: "fraud" })) };
          },
        },
        calls,
      ),
    });
    const { user, detail } = await open("1007");
    await user.click(within(detail).getByRole("button", { name: "Cancel order" }));
    expect(callsOf(calls, "ScreeningCancel")).toEqual([]);
    const question = within(detail).getByRole("group", { name: /Cancel order #1007\?/ });
    await user.type(within(question).getByLabelText("Note"), "fraud");
    await user.click(within(question).getByRole("button", { name: "Cancel order" }));

    await waitFor(() => expect(screen.queryByTestId("hold-1007")).toBeNull());
    expect(callsOf(calls, "ScreeningCancel")).toEqual([{ orderId: "T21zT3JkZXI61007", note: "fraud" }]);
    expect(screen.getByText("Order #1007 cancelled in the OMS")).toBeTruthy();
  });

  it("says whether a re-run passed or still holds, and releases with the note", async () => {
    const calls: Call[] = [];
    renderWithApp(<ReviewPage />, {
      client: client({ ScreeningRerun: { screeningRerun: payload(hold("1007", { reasonCodes: ["STOCK_OUT"] })) }, ScreeningRelease: { screeningRelease: payload(hold("1007", { state: "RELEASED" })) } }, calls),
    });
    const { user, detail } = await open("1007");
    await user.click(within(detail).getByRole("button", { name: "Re-run checks" }));
    expect(await screen.findByText("Order #1007 is still held: Out of stock")).toBeTruthy();

    await user.type(within(detail).getByLabelText("Note (optional)"), "customer called");
    await user.click(within(detail).getByRole("button", { name: "Release" }));
    expect(await screen.findByText("Order #1007 released; it is routed now")).toBeTruthy();
    expect(callsOf(calls, "ScreeningRelease")).toEqual([{ orderId: "T21zT3JkZXI61007", note: "customer called" }]);
  });

  it("shows a missing permission as such, for the queue and for a decision", async () => {
    const denied = { errors: [{ message: "You need one of these permissions to perform this action: MANAGE_ORDERS", extensions: { code: "PERMISSION_DENIED" } }], data: null };
    const first = renderWithApp(<ReviewPage />, { client: clientAnswering(denied) });
    const alert = await screen.findByTestId("problem-permission");
    expect(alert.textContent).toContain("Missing permission");
    expect(alert.textContent).toContain("MANAGE_ORDERS");
    first.unmount();

    renderWithApp(<ReviewPage />, {
      client: clientAnswering((request: unknown) => {
        const name = operationOf((request as { query: string }).query);
        if (name === "ScreeningRelease") return { ...denied, data: { screeningRelease: null } };
        return { data: name === "Channels" ? CHANNELS : queue([hold("1007")]) };
      }),
    });
    const { user, detail } = await open("1007");
    await user.click(within(detail).getByRole("button", { name: "Release" }));
    expect((await within(detail).findByTestId("problem-permission")).textContent).toContain("You need one of these permissions to perform this action: MANAGE_ORDERS");
  });

  it("opens the order in Saleor's Dashboard", async () => {
    const dispatch = vi.fn(async () => undefined);
    const bridge = { getState: () => ({ saleorApiUrl: SALEOR_API_URL, token: "dashboard-token" }), dispatch } as unknown as AppBridge;
    renderWithApp(<ReviewPage />, { client: client({}, []), bridge });
    const { user } = await open("1007");
    await user.click(screen.getByRole("button", { name: "Open in Saleor" }));
    expect(dispatch).toHaveBeenCalledWith(expect.objectContaining({ type: "redirect", payload: expect.objectContaining({ to: "/orders/T3JkZXI61007" }) }));
  });
});
