/**
 * The draft order screen against both APIs at the fetch level: the OMS (availability, promise)
 * through the test client, Saleor (customers, channels, variants, the draft) at the App Bridge
 * state's `saleorApiUrl`, each answering in the shape of its schema.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { AppBridge } from "@saleor/app-sdk/app-bridge";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { answering, callsOf, type Call } from "../test/answers";
import { SALEOR_API_URL } from "../test/dashboard";
import { clientAnswering, renderWithApp } from "../test/render";
import { DraftOrderPage } from "./DraftOrder";

const US = { id: "Q2hhbm5lbDox", slug: "oms-us", name: "OMS US", currencyCode: "USD", isActive: true, defaultCountry: { code: "US" } };
const EU = { id: "Q2hhbm5lbDoy", slug: "oms-eu", name: "OMS EU", currencyCode: "EUR", isActive: true, defaultCountry: { code: "DE" } };
const ADDRESS = {
  firstName: "Grace",
  lastName: "Hopper",
  companyName: "Navy",
  streetAddress1: "9465 Wilshire Blvd",
  streetAddress2: "",
  city: "BEVERLY HILLS",
  cityArea: "",
  postalCode: "90212",
  country: { code: "US" },
  countryArea: "CA",
  phone: "+13105550100",
};
const GRACE = { id: "VXNlcjox", email: "grace@example.com", firstName: "Grace", lastName: "Hopper", defaultShippingAddress: ADDRESS, defaultBillingAddress: null };
const JUICE = { id: "UHJvZHVjdFZhcmlhbnQ6MQ==", name: "1l", sku: "JUICE-1L", product: { name: "Juice" }, pricing: { price: { gross: { amount: 4.5, currency: "USD" } } } };
const GROUND = { id: "U2hpcHBpbmdNZXRob2Q6MQ==", name: "Ground", active: true, message: null, price: { amount: 7.5, currency: "USD" }, minimumDeliveryDays: 2, maximumDeliveryDays: 5 };
const EXPRESS = { id: "U2hpcHBpbmdNZXRob2Q6Mg==", name: "Express", active: true, message: null, price: { amount: 19, currency: "USD" }, minimumDeliveryDays: 1, maximumDeliveryDays: 1 };
const DRAFT = { id: "T3JkZXI6ZHJhZnQ=", number: "58", status: "DRAFT", total: { gross: { amount: 54, currency: "USD" } }, shippingMethods: [GROUND, EXPRESS] };
const PROMISE = {
  serviceCode: "ground",
  serviceName: "Ground",
  complete: true,
  shipDate: "2026-12-03",
  earliest: "2026-12-07",
  latest: "2026-12-09",
  shipsFrom: ["OMS Los Angeles"],
  sentence: "Order within 2 h 10 min, get it Monday 7 Dec from Los Angeles",
};

type SaleorAnswer = (variables: Record<string, unknown>) => unknown;
let saleorCalls: Call[];
let saleorAnswers: Record<string, SaleorAnswer>;

const noErrors = { errors: [] };
const DEFAULT_SALEOR: Record<string, SaleorAnswer> = {
  DraftChannels: () => ({ channels: [US, EU] }),
  DraftCustomers: () => ({ customers: { edges: [{ node: GRACE }] } }),
  DraftVariants: () => ({ productVariants: { edges: [{ node: JUICE }] } }),
  DraftCreate: () => ({ draftOrderCreate: { ...noErrors, order: DRAFT } }),
  DraftShipping: () => ({ draftOrderUpdate: { ...noErrors, order: DRAFT } }),
  DraftComplete: () => ({ draftOrderComplete: { ...noErrors, order: { id: DRAFT.id, number: "58", status: "UNFULFILLED" } } }),
};

beforeEach(() => {
  saleorCalls = [];
  saleorAnswers = { ...DEFAULT_SALEOR };
  // macaw-ui's checkbox measures itself; jsdom has no ResizeObserver
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { query: string; variables: Record<string, unknown> };
      saleorCalls.push({ ...body, headers: new Headers(init.headers) });
      const name = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? "";
      const answer = url === SALEOR_API_URL && saleorAnswers[name] ? { data: saleorAnswers[name](body.variables) } : { errors: [{ message: `Saleor was not asked ${name}` }] };
      return new Response(JSON.stringify(answer), { headers: { "Content-Type": "application/json" } });
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function dashboard() {
  const dispatch = vi.fn(async () => undefined);
  const bridge = { getState: () => ({ saleorApiUrl: SALEOR_API_URL, token: "dashboard-token" }), dispatch } as unknown as AppBridge;
  return { bridge, dispatch };
}

function oms(calls: Call[], answers: Parameters<typeof answering>[0] = {}) {
  return answering(
    {
      DraftAvailability: (variables) => ({
        channelAvailability: (variables.variantIds as string[]).map((variantId) => ({ variantId, availableToSell: variantId === JUICE.id ? 9 : 0 })),
      }),
      DraftPromise: { deliveryPromise: [PROMISE] },
      ...answers,
    },
    calls,
  );
}

/** Channel, customer (found and chosen), one line of juice. */
async function fillIn(user: ReturnType<typeof userEvent.setup>) {
  await screen.findByRole("option", { name: "OMS US (USD)" });
  await user.selectOptions(screen.getByLabelText("Channel"), US.id);
  await user.type(screen.getByLabelText("Find customer (name or e-mail)"), "grace");
  await user.click(screen.getByRole("button", { name: "Search customers" }));
  await user.click(within(await screen.findByTestId("customer-grace@example.com")).getByRole("button", { name: "Choose" }));
  // Enter searches as the button does
  await user.type(screen.getByLabelText("Find variant (name or SKU)"), "juice{Enter}");
  const found = await screen.findByTestId("variant-JUICE-1L");
  await waitFor(() => expect(within(found).getAllByRole("cell")[3].textContent).toBe("9"));
  await user.click(within(found).getByRole("button", { name: "Add" }));
}

const saleorCallsOf = (name: string) => callsOf(saleorCalls, name);

describe("the draft order screen", { timeout: 60000 }, () => {
  it("needs the Dashboard: standalone there is no Saleor session", () => {
    renderWithApp(<DraftOrderPage />, { client: oms([]) });
    expect(screen.getByText("Open this inside Saleor's Dashboard")).toBeTruthy();
  });

  it("takes an order from customer lookup to a completed Saleor order", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const { bridge, dispatch } = dashboard();
    renderWithApp(<DraftOrderPage />, { client: oms(calls), bridge });
    await fillIn(user);

    // the customer's default address fills the shipping address
    expect((screen.getByLabelText("Street") as HTMLInputElement).value).toBe("9465 Wilshire Blvd");
    expect((screen.getByLabelText("Country code") as HTMLInputElement).value).toBe("US");
    expect(saleorCallsOf("DraftCustomers")).toEqual([{ search: "grace" }]);
    expect(saleorCallsOf("DraftVariants")).toEqual([{ search: "juice", channel: "oms-us" }]);
    expect(saleorCalls[0].headers.get("Authorization")).toBe("Bearer dashboard-token");

    // live availability per line, and a warning beyond it
    const line = await screen.findByTestId("line-JUICE-1L");
    const quantity = within(line).getByLabelText("Quantity of JUICE-1L");
    await user.clear(quantity);
    await user.type(quantity, "12");
    expect((await within(line).findByTestId("short-warning")).textContent).toBe("3 more than the channel may sell now");
    expect(callsOf(calls, "DraftAvailability")).toContainEqual({ channel: "oms-us", variantIds: [JUICE.id] });

    // the OMS's promise for the cart and the address
    const promise = await screen.findByTestId("promise-ground");
    expect(promise.textContent).toContain("Order within 2 h 10 min, get it Monday 7 Dec from Los Angeles");
    await waitFor(() =>
      expect(callsOf(calls, "DraftPromise").at(-1)).toEqual({
        channel: "oms-us",
        lines: [{ variantId: JUICE.id, quantity: 12 }],
        address: { country: "US", postalCode: "90212", city: "BEVERLY HILLS", countryArea: "CA" },
      }),
    );

    await user.click(screen.getByRole("button", { name: "Create draft in Saleor" }));
    const draft = await screen.findByTestId("draft-created");
    const shipping = { firstName: "Grace", lastName: "Hopper", companyName: "Navy", streetAddress1: "9465 Wilshire Blvd", streetAddress2: "", city: "BEVERLY HILLS", postalCode: "90212", country: "US", countryArea: "CA", phone: "+13105550100" };
    expect(saleorCallsOf("DraftCreate")).toEqual([
      { input: { channelId: US.id, user: GRACE.id, lines: [{ variantId: JUICE.id, quantity: 12 }], shippingAddress: shipping, billingAddress: shipping } },
    ]);

    await user.selectOptions(within(draft).getByLabelText("Shipping method"), EXPRESS.id);
    await user.click(within(draft).getByRole("button", { name: "Complete order" }));
    await user.click(within(await screen.findByTestId("draft-completed")).getByRole("button", { name: "Open order #58 in Saleor" }));
    expect(saleorCallsOf("DraftShipping")).toEqual([{ id: DRAFT.id, shippingMethod: EXPRESS.id }]);
    expect(saleorCallsOf("DraftComplete")).toEqual([{ id: DRAFT.id }]);
    expect(dispatch).toHaveBeenCalledWith(expect.objectContaining({ type: "redirect", payload: expect.objectContaining({ to: `/orders/${encodeURIComponent(DRAFT.id)}` }) }));
  });

  it("shows Saleor's errors at the fields they are about, for a new customer by e-mail", async () => {
    const user = userEvent.setup();
    saleorAnswers.DraftCreate = () => ({
      draftOrderCreate: {
        order: null,
        errors: [
          { field: "postalCode", message: "This value is not valid for the address.", code: "INVALID", addressType: "SHIPPING", variants: null },
          { field: "lines", message: "Insufficient product stock.", code: "INSUFFICIENT_STOCK", addressType: null, variants: [JUICE.id] },
          { field: "userEmail", message: null, code: "INVALID", addressType: null, variants: null },
        ],
      },
    });
    renderWithApp(<DraftOrderPage />, { client: oms([]), bridge: dashboard().bridge });
    await fillIn(user);
    await user.type(screen.getByLabelText("Or a new customer's e-mail"), "ada@example.com");
    await user.click(screen.getByRole("button", { name: "Use this e-mail" }));
    expect(screen.getByTestId("chosen-customer").textContent).toContain("ada@example.com (new");

    await user.click(screen.getByRole("button", { name: "Create draft in Saleor" }));
    const shipping = screen.getByTestId("shipping-address");
    expect(await within(shipping).findByText("This value is not valid for the address. (INVALID)")).toBeTruthy();
    expect(screen.getByTestId("lines-errors").textContent).toBe("lines: Insufficient product stock. (INSUFFICIENT_STOCK)");
    expect(screen.getByTestId("customer-errors").textContent).toBe("userEmail: invalid (INVALID)");
    expect(screen.queryByTestId("draft-created")).toBeNull();
    expect(saleorCallsOf("DraftCreate")).toEqual([expect.objectContaining({ input: expect.objectContaining({ userEmail: "ada@example.com" }) })]);
    expect((saleorCallsOf("DraftCreate")[0] as { input: Record<string, unknown> }).input.user).toBeUndefined();
  });

  it("shows why Saleor refused to complete the draft, and keeps it", async () => {
    const user = userEvent.setup();
    saleorAnswers.DraftCreate = () => ({ draftOrderCreate: { ...noErrors, order: { ...DRAFT, shippingMethods: [] } } });
    saleorAnswers.DraftComplete = () => ({
      draftOrderComplete: {
        order: null,
        errors: [{ field: "shipping", message: "Shipping method is required.", code: "SHIPPING_METHOD_REQUIRED", addressType: null, variants: null }],
      },
    });
    renderWithApp(<DraftOrderPage />, { client: oms([]), bridge: dashboard().bridge });
    await fillIn(user);
    await user.click(screen.getByRole("button", { name: "Create draft in Saleor" }));
    const draft = await screen.findByTestId("draft-created");
    expect(draft.textContent).toContain("Saleor offers no shipping method for this draft.");
    await user.click(within(draft).getByRole("button", { name: "Complete order" }));

    expect((await screen.findByTestId("shipping-method-errors")).textContent).toBe("shipping: Shipping method is required. (SHIPPING_METHOD_REQUIRED)");
    expect(saleorCallsOf("DraftShipping")).toEqual([]);
    expect(screen.queryByTestId("draft-completed")).toBeNull();
  });

  it("says when the OMS cannot tell availability for the channel", async () => {
    const user = userEvent.setup();
    // as the OMS answers a channel it does not follow
    const client = clientAnswering({ data: null, errors: [{ message: "No channel 'oms-eu'.", extensions: { code: "INVALID_ARGUMENTS" } }] });
    renderWithApp(<DraftOrderPage />, { client, bridge: dashboard().bridge });
    await screen.findByRole("option", { name: "OMS EU (EUR)" });
    await user.selectOptions(screen.getByLabelText("Channel"), EU.id);
    await user.type(screen.getByLabelText("Find variant (name or SKU)"), "juice");
    await user.click(screen.getByRole("button", { name: "Search variants" }));
    expect(await screen.findByText("Availability could not be read from the OMS: No channel 'oms-eu'.")).toBeTruthy();
    expect(within(screen.getByTestId("variant-JUICE-1L")).getAllByRole("cell")[3].textContent).toBe("—");
  });
});
