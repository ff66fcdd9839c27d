/**
 * Each Dashboard mount, loaded the way Saleor's Dashboard 3.23.27 loads it (address without a
 * trailing slash plus its query, App Bridge handshake, then its `redirect` event carrying the
 * Dashboard's own pathname), shows its own view: the order or product it sits on, the order(s)
 * a popup acts on, and the app with its navigation only on the app page.
 */
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { AppBridge } from "@saleor/app-sdk/app-bridge";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { DashboardRoot } from "../app/Root";
import { APP_ID, SALEOR_API_URL, dashboardFrameUrl } from "../test/dashboard";

const DASHBOARD = "http://127.0.0.1:9000";
const OMS = "http://oms.test";
const ORDER_ID = "T3JkZXI6MQ==";
const PRODUCT_ID = "UHJvZHVjdDo3Mg==";

const ORDER = {
  id: "T21zT3JkZXI6MQ==",
  saleorId: ORDER_ID,
  number: "1042",
  status: "UNFULFILLED",
  chargeStatus: "FULL",
  channelSlug: "oms-us",
  currency: "USD",
  totalGross: "415.00",
  userEmail: "grace@example.com",
  createdAt: "2026-11-20T10:00:00+00:00",
  paidAt: "2026-11-20T10:01:00+00:00",
  flags: [{ label: "SLA breach", colour: "red", createdAt: "2026-11-22T10:00:00+00:00" }],
  lines: [{ saleorId: "T3JkZXJMaW5lOjE=", sku: "OMS-SKU-001", productName: "Juice", variantName: "1l", quantity: 2, quantityFulfilled: 2 }],
  routingPlan: {
    id: "T21zUm91dGluZ1BsYW46Nw==",
    state: "PROPOSED",
    attempt: 1,
    rulesetName: "US default v3",
    totalCost: 7.56,
    errorMessage: "",
    createdAt: "2026-11-20T10:02:00+00:00",
    reasons: [{ code: "CHOSEN", message: "Chose OMS Los Angeles: nearest", rule: "nearest" }],
    shipments: [{ id: "U2hpcDox", state: "PENDING", cost: 7.56, distanceKm: 558.6, location: { name: "OMS Los Angeles" }, lines: [{ sku: "OMS-SKU-001", quantity: 2 }] }],
    backorder: [],
  },
};
const LEVEL = { id: "U3RvY2s6MQ==", variantId: "UHJvZHVjdFZhcmlhbnQ6MQ==", sku: "OMS-SKU-001", onHand: 12, allocated: 2, reserved: 0, safetyStock: 1, available: 10, location: { id: "TG9jOjE=", name: "OMS Seattle" } };

/** The OMS (`/graphql/`) and Saleor (`saleorApiUrl`), answering by operation name. */
function answer(url: string, body: { query: string; variables: Record<string, unknown> }) {
  const name = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1];
  if (url === SALEOR_API_URL) {
    return name === "ProductVariants" && body.variables.id === PRODUCT_ID
      ? { data: { product: { name: "Juice", variants: [{ id: LEVEL.variantId, sku: LEVEL.sku, name: "1l" }] } } }
      : { errors: [{ message: `Saleor was not asked ${name}` }] };
  }
  switch (name) {
    case "OrderWidget":
    case "OrderId":
      return { data: { order: body.variables.saleorId === ORDER_ID || body.variables.number === ORDER.number ? ORDER : null } };
    case "OrderExtras":
      return { data: { orderReturns: [{ id: "UmV0OjE=", rmaNumber: "RMA-000004", status: "REQUESTED", createdAt: ORDER.createdAt, lines: [{ id: "a", quantity: 1 }] }], staffTasks: { totalCount: 0, edges: [] } } };
    case "OrdersToRoute":
      return { data: { orders: { totalCount: 2, edges: [{ node: { id: "T21zT3JkZXI6Mg==", saleorId: "T3JkZXI6Mg==", number: "101" } }, { node: { id: "T21zT3JkZXI6Mw==", saleorId: "T3JkZXI6Mw==", number: "102" } }] } } };
    case "Policies":
      return { data: { returnPolicies: [{ channel: null, reasons: ["wrong size"], resolutions: ["REFUND"] }] } };
    case "ProductStock":
      return { data: { stockLevels: { totalCount: 1, edges: [{ node: LEVEL }] } } };
    case "Channels":
      return { data: { inventoryChannels: [] } };
    default:
      // pages other engineers own (Overview, Orders…): not what these tests look at
      return { errors: [{ message: `not answered in this test: ${name}` }] };
  }
}

// Decoded (not verified) by App Bridge for the staff member's email and permissions.
const base64url = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
const DASHBOARD_TOKEN = `${base64url({ alg: "RS256", typ: "JWT" })}.${base64url({ app: APP_ID, email: "admin@example.com", user_permissions: ["MANAGE_ORDERS", "MANAGE_PRODUCTS"] })}.c2ln`;

let bridge: AppBridge;
let dispatched: { type: string; payload: Record<string, unknown> }[];

function fromDashboard(data: unknown) {
  act(() => {
    window.dispatchEvent(new MessageEvent("message", { origin: DASHBOARD, data }));
  });
}

/** Loads the frame at `url` and plays the Dashboard's side: handshake, theme, redirect. */
function mount(url: string, dashboardPathname: string) {
  const address = new URL(url);
  window.history.replaceState(null, "", address.pathname + address.search);
  bridge = new AppBridge({ autoNotifyReady: false });
  dispatched = [];
  vi.spyOn(bridge, "dispatch").mockImplementation(async (action) => {
    dispatched.push(action as unknown as { type: string; payload: Record<string, unknown> });
    return undefined;
  });
  render(<DashboardRoot bridge={bridge} />);
  fromDashboard({ type: "handshake", payload: { token: DASHBOARD_TOKEN, version: 1, saleorVersion: "3.23.28", dashboardVersion: "3.23.27" } });
  fromDashboard({ type: "localeChanged", payload: { locale: "en" } });
  fromDashboard({ type: "theme", payload: { theme: "light" } });
  fromDashboard({ type: "redirect", payload: { path: dashboardPathname } });
}

beforeEach(() => {
  Object.defineProperty(document, "referrer", { value: `${DASHBOARD}/dashboard/`, configurable: true });
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      disconnect() {}
    },
  );
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => new Response(JSON.stringify(answer(String(url), JSON.parse(String(init.body)))), { headers: { "Content-Type": "application/json" } })),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  window.history.replaceState(null, "", "/");
});

const navigation = () => screen.queryByRole("navigation", { name: "OMS" });
const routingUpdates = () => dispatched.filter((action) => action.type === "updateRouting");

describe("ORDER_DETAILS_WIDGETS", () => {
  const loaded = dashboardFrameUrl(`${OMS}/app/widgets/order`, { kind: "WIDGET", mount: { orderId: ORDER_ID } });
  // as Dashboard 3.23 loads it (url-join drops a trailing slash), and with one kept
  it.each([loaded, loaded.replace("/order?", "/order/?")])("shows the order it sits on, not the app (%s)", async (url) => {
    mount(url, `/dashboard/orders/${encodeURIComponent(ORDER_ID)}`);

    const widget = await screen.findByTestId("order-widget");
    expect(await within(widget).findByText("Order #1042")).toBeTruthy();
    expect(within(widget).getByTestId("routing-plan").textContent).toContain("OMS Los Angeles");
    expect(within(widget).getByTestId("flag-red").textContent).toContain("SLA breach");
    expect(await within(widget).findByText(/RMA-000004/)).toBeTruthy();
    // the Dashboard's redirect to its own order page moved nothing
    expect(navigation()).toBeNull();
    expect(window.location.pathname).toBe(new URL(url).pathname);
    expect(routingUpdates()).toEqual([]);
  });

  it("opens the order in the app page through the Dashboard, not inside the widget", async () => {
    mount(dashboardFrameUrl(`${OMS}/app/widgets/order`, { kind: "WIDGET", mount: { orderId: ORDER_ID } }), `/dashboard/orders/${encodeURIComponent(ORDER_ID)}`);
    fireEvent.click(await screen.findByRole("button", { name: "Open in Order management" }));

    expect(dispatched.filter((action) => action.type === "redirect").map((action) => action.payload.to)).toEqual([
      `/extensions/app/${encodeURIComponent(APP_ID)}/orders?number=1042`,
    ]);
    expect(window.location.pathname).toBe("/app/widgets/order");
    expect(navigation()).toBeNull();
  });
});

describe("PRODUCT_DETAILS_WIDGETS", () => {
  it("shows the product's stock by location", async () => {
    mount(
      dashboardFrameUrl(`${OMS}/app/widgets/product`, { kind: "WIDGET", mount: { productId: PRODUCT_ID, productSlug: "juice" } }),
      `/dashboard/products/${encodeURIComponent(PRODUCT_ID)}`,
    );

    const table = await screen.findByTestId("stock-levels");
    expect(table.textContent).toContain("OMS Seattle");
    expect(table.textContent).toContain("OMS-SKU-001");
    expect(navigation()).toBeNull();
    expect(window.location.pathname).toBe("/app/widgets/product");
  });
});

describe("ORDER_DETAILS_MORE_ACTIONS and ORDER_OVERVIEW_MORE_ACTIONS", () => {
  it("routes the order the popup was opened from", async () => {
    mount(dashboardFrameUrl(`${OMS}/app/actions/route`, { kind: "POPUP", mount: { orderId: ORDER_ID } }), `/dashboard/orders/${encodeURIComponent(ORDER_ID)}`);

    expect(await screen.findByText(/^Route 1 order with the published rule set/)).toBeTruthy();
    expect(navigation()).toBeNull();
  });

  it("offers the orders waiting for routing when the order list sends no selection", async () => {
    mount(dashboardFrameUrl(`${OMS}/app/actions/route`, { kind: "POPUP", page: "asc=false&sort=number" }), "/dashboard/orders/");

    expect((await screen.findByTestId("orders-waiting")).textContent).toContain("#101, #102");
    expect(screen.getByText(/^Route 2 orders/)).toBeTruthy();
    expect(navigation()).toBeNull();
  });

  it("starts a return for the order the popup was opened from", async () => {
    mount(dashboardFrameUrl(`${OMS}/app/actions/return`, { kind: "POPUP", mount: { orderId: ORDER_ID } }), `/dashboard/orders/${encodeURIComponent(ORDER_ID)}`);

    expect(await screen.findByText(/Order #1042: choose what comes back/)).toBeTruthy();
    expect(navigation()).toBeNull();
  });
});

describe("NAVIGATION_ORDERS (the app page)", () => {
  const activePage = () => within(navigation()!).getByRole("link", { current: "page" }).textContent;

  it("opens the app at appUrl without its trailing slash and reports only its own route", async () => {
    mount(dashboardFrameUrl(`${OMS}/app/`, { kind: "APP_PAGE" }), `/dashboard/extensions/app/${encodeURIComponent(APP_ID)}`);

    await screen.findByRole("navigation", { name: "OMS" });
    expect(activePage()).toBe("Overview");
    expect(routingUpdates().map((action) => action.payload.newRoute)).toEqual(["/overview"]);
  });

  it("keeps a deep link's own query when the Dashboard's redirect names the same page", async () => {
    mount(dashboardFrameUrl(`${OMS}/app/orders`, { kind: "APP_PAGE", page: "number=1042" }), `/dashboard/extensions/app/${encodeURIComponent(APP_ID)}/orders`);

    await screen.findByRole("navigation", { name: "OMS" });
    expect(activePage()).toBe("Orders");
    expect((screen.getByLabelText("Order number") as HTMLInputElement).value).toBe("1042");
    expect(routingUpdates().at(-1)?.payload.newRoute).toBe("/orders?number=1042");
  });

  it("follows the Dashboard to another of its pages and opens an older manifest's /app/app/… address", async () => {
    mount(dashboardFrameUrl(`${OMS}/app/app/overview`, { kind: "APP_PAGE" }), `/dashboard/extensions/app/${encodeURIComponent(APP_ID)}/app/overview`);
    await screen.findByRole("navigation", { name: "OMS" });
    expect(activePage()).toBe("Overview");

    fromDashboard({ type: "redirect", payload: { path: `/dashboard/extensions/app/${encodeURIComponent(APP_ID)}/settings` } });
    expect(activePage()).toBe("Settings");
    expect(window.location.pathname).toBe("/app/settings");
  });
});
