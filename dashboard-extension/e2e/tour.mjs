// Every page and extension view loads with seeded data and shows no error.
// The widgets and popups are opened at the addresses Saleor's Dashboard builds (no trailing
// slash, its query); standalone they are full pages, signed in with the token.
import { dashboardFrameUrl, expectNoError, expectSuccess, scenario } from "./lib.mjs";

await scenario(import.meta.url, async ({ page, open, shot }) => {
  const [baseUrl] = process.argv.slice(2);
  const orderId = process.env.OMS_E2E_ORDER_ID ?? "";
  const at = (path) => new URL(path, baseUrl).toString();
  await open("overview");
  await page.getByTestId("stat-awaiting-approval").getByText("1", { exact: true }).waitFor();
  await page.getByTestId("stat-red-flags").getByText("1", { exact: true }).waitFor();
  // #102 has no plan (#101's waits for approval): counted by the server's needsRouting filter
  await page.getByTestId("stat-to-route").getByText("1", { exact: true }).waitFor();
  await shot("overview");

  await open("orders");
  await page.getByTestId("order-101").getByTestId("flag-red").waitFor();
  await page.getByTestId("order-102").getByTestId("flag-orange").waitFor();
  await shot("orders");
  // the server filters: amber flags, then orders to route with a red flag (none)
  await page.getByLabel("Flags").selectOption("amber");
  await page.getByTestId("order-101").waitFor({ state: "detached" });
  await page.getByTestId("order-102").waitFor();
  await page.getByLabel("Flags").selectOption("red");
  await page.getByTestId("order-101").waitFor();
  await page.getByLabel("Routing").selectOption("unrouted");
  await page.getByText("No orders match").waitFor();

  await open("stock");
  await page.getByTestId("stock-levels").getByText("OMS-SKU-001").first().waitFor();
  await shot("stock");

  await open("tasks");
  await page.getByTestId("tasks-table").getByText("Call the customer").waitFor();
  await shot("tasks");

  await open("settings");
  await page.getByText("api key (MANAGE_APPS, MANAGE_ORDERS, MANAGE_PRODUCTS)").waitFor();
  await page.getByTestId("api-keys-unavailable").waitFor();
  await page.getByTestId("settings-routing").getByLabel("Trigger").waitFor();
  await page.getByTestId("return-policies").waitFor();
  await expectNoError(page);
  await shot("settings");

  await open(dashboardFrameUrl(at("/app/widgets/order"), { kind: "WIDGET", mount: { orderId } }));
  await page.getByTestId("routing-plan").waitFor();
  await page.getByRole("button", { name: "Approve plan" }).waitFor();
  await page.getByText("Call the customer").waitFor();
  if ((await page.getByRole("navigation", { name: "OMS" }).count()) > 0) throw new Error("the order widget shows the whole app");
  await shot("order-widget");

  await open("widgets/product?sku=OMS-SKU-001");
  await page.getByTestId("stock-levels").waitFor();
  await page.getByTestId("product-widget").getByRole("status").waitFor({ state: "detached" });
  await shot("product-widget");

  // ORDER_OVERVIEW_MORE_ACTIONS: the order list's query, no selection: the orders waiting (#102)
  await open(dashboardFrameUrl(at("/app/actions/route"), { kind: "POPUP", page: "asc=false&sort=number" }));
  await page.getByTestId("orders-waiting").getByText("#102").waitFor();
  await page.getByRole("button", { name: "Route now" }).click();
  await expectSuccess(page, "Routed 1 order");
  await shot("route-now");
  await open(dashboardFrameUrl(at("/app/actions/return"), { kind: "POPUP", mount: { orderId } }));
  await page.getByRole("button", { name: "Request return" }).waitFor();
  await shot("start-return");
  await expectNoError(page);
});
