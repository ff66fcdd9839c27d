// Every mount of the manifest in Saleor's real Dashboard, signed in as a staff user.
//
//   node tests/live/dashboard/mounts.mjs <config.json>
//
// The config (written by tests/live/test_80_dashboard.py) names the Dashboard, the app, its
// extensions' Saleor ids and what each mount must show. Each mount is one step: it opens the
// Dashboard page the mount sits on, asserts the content inside the app's iframe, checks the
// Dashboard's own address did not move, saves <artefacts>/<step>.png and records what the
// Dashboard loaded into the iframe (URL, method, status) and the App Bridge messages both
// ways (tokens redacted). A failing step does not stop the others. The report (JSON) goes to
// config.report; the exit code is 0 when it was written, whatever the steps found.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const extensionDir = resolve(here, "../../../dashboard-extension");
const { chromium } = createRequire(join(extensionDir, "package.json"))("playwright-core");

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Without the networking flags Chromium keeps calling Google's hosts, which a closed network refuses.
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];
// The machine is shared and the Dashboard's bundle is large: patience, never speed, is tested.
const TIMEOUT = 90_000;
const SETTLE_MS = 1_500;

const oms = new URL(config.omsUrl).origin;
const appPath = `/extensions/app/${encodeURIComponent(config.appId)}`;
const report = { dashboardUrl: config.dashboardUrl, omsUrl: oms, steps: {} };
let current = "sign-in";
const record = () => (report.steps[current] ??= { ok: false, frames: [], bridge: [], errors: [] });

mkdirSync(config.artefacts, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
const context = await browser.newContext({ viewport: { width: 1440, height: 1100 } });
context.setDefaultTimeout(TIMEOUT);
context.setDefaultNavigationTimeout(TIMEOUT * 2);

// App Bridge, seen from both sides: the app's frames log what the Dashboard posts to them,
// the Dashboard logs what the app posts to it.
await context.addInitScript((appOrigin) => {
  const redact = (value) => JSON.stringify(value, (key, item) => (key === "token" && item ? "<token>" : item));
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || typeof data !== "object" || typeof data.type !== "string") return;
    const side = window.location.origin === appOrigin ? "dashboard->app" : "app->dashboard";
    console.log(`[bridge] ${side} ${window.location.pathname} ${data.type} ${redact(data.payload ?? null).slice(0, 300)}`);
  });
}, oms);

const page = await context.newPage();
// The Dashboard's product announcements ("Saleor Pulse", a video card) float over the page and
// take clicks meant for it, depending on where they land: hidden in every document it loads.
await context.addInitScript(() => {
  const style = "[data-test-id^='ripple-video-announcement'] { display: none !important; }";
  document.addEventListener("DOMContentLoaded", () => {
    const element = document.createElement("style");
    element.textContent = style;
    document.head.appendChild(element);
  });
});
page.on("console", (message) => {
  const text = message.text();
  if (text.startsWith("[bridge] ")) record().bridge.push(text.slice(9));
  else if (message.type() === "error" && message.location()?.url?.startsWith(oms)) record().errors.push(`console: ${text}`);
});
page.on("pageerror", (error) => record().errors.push(`page error: ${error.message}`));
page.on("response", (response) => {
  const request = response.request();
  if (request.resourceType() !== "document" || request.frame() === page.mainFrame()) return;
  if (!request.url().startsWith(oms)) return;
  const fields = request.method() === "POST" ? [...new URLSearchParams(request.postData() ?? "").keys()] : [];
  record().frames.push({ method: request.method(), url: redactUrl(request.url()), status: response.status(), postFields: fields });
});

function redactUrl(url) {
  const parsed = new URL(url);
  for (const key of ["token", "accessToken"]) if (parsed.searchParams.has(key)) parsed.searchParams.set(key, "<token>");
  return parsed.toString();
}

const dashboard = (path) => new URL(path.replace(/^\//, ""), config.dashboardUrl).toString();
// The Dashboard rewrites its own list URLs (`/orders/` to `/orders?asc=false&sort=number`):
// only a change of page counts as the app moving it.
const topPath = () => new URL(page.url()).pathname.replace(/\/+$/, "");
let lastFrame; // the app's iframe the current step looked into, for its own screenshot
const appFrame = (scope, path) => {
  lastFrame = scope.locator(`iframe[src^="${oms}${path}"]`).first();
  return scope.frameLocator(`iframe[src^="${oms}${path}"]`);
};

async function step(name, body) {
  current = name;
  lastFrame = undefined;
  const result = record();
  try {
    Object.assign(result, (await body()) ?? {});
    result.ok = true;
  } catch (error) {
    result.error = String(error?.message ?? error).split("\n=========================== logs")[0];
  }
  result.topUrl = page.url();
  const shot = join(config.artefacts, `${name}.png`);
  await page.screenshot({ path: shot, fullPage: true }).then(() => (result.screenshot = shot)).catch(() => {});
  // The Dashboard scrolls inside its own layout: the mount itself, framed, is shot apart.
  const frameShot = join(config.artefacts, `${name}-frame.png`);
  if (lastFrame) await lastFrame.screenshot({ path: frameShot, timeout: 10_000 }).then(() => (result.frameScreenshot = frameShot)).catch(() => {});
  console.log(`${name}: ${result.ok ? "ok" : `FAILED: ${result.error}`}`);
}

/** A widget or popup is one view of the app: never the app with its own navigation. */
async function expectNoAppNavigation(frame, what) {
  if ((await frame.locator('nav[aria-label="OMS"]').count()) > 0) {
    throw new Error(`${what} shows the whole app with its navigation bar instead of its own view`);
  }
}

/** Clicks every link inside a widget: the Dashboard must stay where it is. */
async function expectLinksStayInside(frame, what) {
  const expected = topPath();
  const hrefs = await frame.locator("a[href]").evaluateAll((links) =>
    links.filter((link) => link.target !== "_blank" && link.offsetParent !== null).map((link) => link.getAttribute("href")),
  );
  const clicked = [];
  for (const href of [...new Set(hrefs)].slice(0, 10)) {
    const link = frame.locator(`a[href="${href}"]`).first();
    if ((await link.count()) === 0) continue;
    await link.click({ timeout: 10_000 }).catch(() => {});
    await page.waitForTimeout(SETTLE_MS);
    clicked.push(href);
    if (topPath() !== expected) throw new Error(`clicking ${href} inside ${what} moved the Dashboard from ${expected} to ${topPath()}`);
  }
  return clicked;
}

async function expectDashboardStayed(expected, what) {
  await page.waitForTimeout(SETTLE_MS);
  if (topPath() !== expected) throw new Error(`${what} moved the Dashboard from ${expected} to ${topPath()}`);
}

/** Opens an extension from the page's top "more actions" menu (⚙), by its Saleor id. */
async function openMoreAction(extensionId) {
  const item = page.locator(`[data-test-id="extension-${extensionId}"]`);
  const buttons = page.locator('[data-test-id="show-more-button"]');
  await buttons.first().waitFor();
  for (let index = 0; index < (await buttons.count()); index += 1) {
    await buttons.nth(index).click();
    if (await item.waitFor({ timeout: 5_000 }).then(() => true, () => false)) {
      await item.click();
      return page.getByRole("dialog");
    }
    await page.keyboard.press("Escape");
  }
  throw new Error(`no "more actions" menu of this page lists the extension ${extensionId}`);
}

async function openAppPage(link) {
  // Extensions → Installed → our app, then one of its pages by its navigation link.
  await page.goto(dashboard("extensions/installed"));
  await page.locator(`a[href*="${appPath}"]`).first().click();
  await page.waitForURL((url) => url.pathname.includes(appPath));
  const frame = appFrame(page, "/");
  await frame.getByRole("link", { name: link, exact: true }).click();
  return frame;
}

async function closeDialog() {
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached", timeout: 15_000 }).catch(() => {});
}

try {
  await step("sign-in", async () => {
    await page.goto(config.dashboardUrl);
    await page.locator("#email").fill(config.email);
    await page.locator("#password").fill(config.password);
    await page.locator('[data-test-id="submit"]').click();
    await page.locator('[data-test-id="menu-list"]').waitFor({ timeout: TIMEOUT * 2 });
  });
  if (!report.steps["sign-in"].ok) throw new Error("could not sign in to the Dashboard");

  await step("app-page", async () => {
    // Extensions → Installed → our app, as staff find it.
    await page.goto(dashboard("extensions/installed"));
    await page.locator(`a[href*="${appPath}"]`).first().click();
    await page.waitForURL((url) => url.pathname.includes(appPath));
    const frame = appFrame(page, "/");
    await frame.locator('nav[aria-label="OMS"]').waitFor();
    await frame.getByRole("heading", { name: "Overview", exact: true }).waitFor();
    // figures come from our API: the App Bridge token was accepted
    await frame.getByTestId("stat-awaiting-approval").waitFor();
    // the app page may move the Dashboard's address, but only within the app
    await frame.getByRole("link", { name: "Stock" }).click();
    await frame.getByRole("heading", { name: "Stock", exact: true }).waitFor();
    await page.waitForTimeout(SETTLE_MS);
    if (!topPath().includes(appPath)) throw new Error(`the app page's navigation left the app: ${topPath()}`);
  });

  await step("settings", async () => {
    // A merchant switches replenishment on from the app page's Settings, without an API call.
    await page.goto(dashboard("extensions/installed"));
    await page.locator(`a[href*="${appPath}"]`).first().click();
    await page.waitForURL((url) => url.pathname.includes(appPath));
    const frame = appFrame(page, "/");
    await frame.getByRole("link", { name: "Settings" }).click();
    const section = frame.getByTestId("settings-replenishment");
    await section.getByLabel("Reorder point").fill("4");
    await section.getByLabel("Target level").fill("12");
    const save = section.getByRole("button", { name: /^Save/ });
    await save.click();
    // Saved: nothing is left to send, so the button is disabled again (the Dashboard shows the
    // notification itself, outside the frame).
    for (let waited = 0; !(await save.isDisabled()); waited += 250) {
      if (waited > 30_000) throw new Error("the settings were not saved within 30 s");
      await page.waitForTimeout(250);
    }
    await page.screenshot({ path: join(config.artefacts, "settings-saved.png"), fullPage: true });
    if (!topPath().includes(appPath)) throw new Error(`saving settings left the app: ${topPath()}`);
  });

  await step("insights-page", async () => {
    // The Insights page inside the Dashboard: figures from our API, drawn by the charts library.
    await page.goto(dashboard("extensions/installed"));
    await page.locator(`a[href*="${appPath}"]`).first().click();
    await page.waitForURL((url) => url.pathname.includes(appPath));
    const frame = appFrame(page, "/");
    await frame.getByRole("link", { name: "Insights" }).click();
    await frame.getByRole("heading", { name: "Insights", exact: true }).waitFor();
    await frame.getByTestId("kpis").waitFor({ timeout: TIMEOUT * 2 });
    await frame.getByTestId("insights-charts").locator("svg").first().waitFor({ timeout: TIMEOUT * 2 });
    if (!topPath().includes(appPath)) throw new Error(`the Insights page left the app: ${topPath()}`);
  });

  await step("pack-station", async () => {
    // The pack station inside the Dashboard: the scan field holds the focus, for a scanner.
    await page.goto(dashboard("extensions/installed"));
    await page.locator(`a[href*="${appPath}"]`).first().click();
    await page.waitForURL((url) => url.pathname.includes(appPath));
    const frame = appFrame(page, "/");
    await frame.getByRole("link", { name: "Warehouse" }).click();
    await frame.getByRole("link", { name: "Pack station" }).click();
    const scan = frame.getByLabel("Scan");
    await scan.waitFor();
    await page.waitForTimeout(SETTLE_MS);
    const focused = await scan.evaluate((input) => input === input.ownerDocument.activeElement);
    if (!focused) throw new Error("the pack station's scan field does not hold the focus");
    if (!topPath().includes(appPath)) throw new Error(`the pack station left the app: ${topPath()}`);
  });

  await step("review-page", async () => {
    // The review queue inside the Dashboard: screening's holds read with the App Bridge token.
    const frame = await openAppPage("Review");
    await frame.getByRole("heading", { name: "Review", exact: true }).waitFor();
    await frame.getByText(/^Held for review \(\d+\)$/).waitFor({ timeout: TIMEOUT });
    if (await frame.getByRole("alert").count()) throw new Error(`the review queue shows an error: ${await frame.getByRole("alert").first().innerText()}`);
  });

  await step("capture-page", async () => {
    // Capture: sources and captured orders from our API with the App Bridge token.
    const frame = await openAppPage("Capture");
    await frame.getByRole("heading", { name: "Capture", exact: true }).waitFor();
    await frame.getByText(/^Captured orders \(\d+\)$/).waitFor({ timeout: TIMEOUT });
    if (await frame.getByRole("alert").count()) throw new Error(`the Capture page shows an error: ${await frame.getByRole("alert").first().innerText()}`);
  });

  await step("draft-order", async () => {
    // A phone order: the page asks Saleor (channels, variants, draftOrderCreate / Complete) with
    // the staff member's App Bridge token and the OMS for availability and the promise.
    const draft = config.draft;
    const frame = await openAppPage("New order");
    await frame.getByLabel("Channel").selectOption({ label: draft.channelLabel });
    await frame.getByLabel("Find customer (name or e-mail)").fill(draft.email);
    await frame.getByRole("button", { name: "Search customers" }).click();
    await frame.getByTestId(`customer-${draft.email}`).getByRole("button", { name: "Choose" }).click();
    await frame.getByLabel("Find variant (name or SKU)").fill(draft.sku);
    await frame.getByRole("button", { name: "Search variants" }).click();
    await frame.getByTestId(`variant-${draft.sku}`).getByRole("button", { name: "Add" }).click();
    await frame.getByTestId(`line-${draft.sku}`).waitFor();
    // the customer's default shipping address fills the form
    const street = await frame.getByTestId("shipping-address").getByLabel("Street", { exact: true }).inputValue();
    if (street !== draft.street) throw new Error(`the customer's address was not filled in: street ${JSON.stringify(street)}`);
    await frame.getByRole("button", { name: "Create draft in Saleor" }).click();
    await frame.getByTestId("draft-created").waitFor({ timeout: TIMEOUT });
    await frame.getByLabel("Shipping method").selectOption({ index: 1 });
    await frame.getByRole("button", { name: "Complete order" }).click();
    const placed = frame.getByTestId("draft-completed");
    await placed.waitFor({ timeout: TIMEOUT });
    record().placed = await placed.innerText();
    await page.screenshot({ path: join(config.artefacts, "draft-order-placed.png"), fullPage: true });
    if (!topPath().includes(appPath)) throw new Error(`the draft order page left the app: ${topPath()}`);
  });

  await step("navigation-entry", async () => {
    await page.goto(dashboard("orders/"));
    const entry = page.locator(`[data-test-id="menu-item-label-extension-${config.extensions["oms-orders"]}"]`);
    if (!(await entry.isVisible())) await page.locator('[data-test-id="menu-item-label-orders"]').first().click();
    await entry.click();
    await page.waitForURL((url) => url.pathname.includes(appPath));
    const frame = appFrame(page, "/");
    await frame.locator('nav[aria-label="OMS"]').waitFor();
    await frame.getByRole("heading", { name: "Overview", exact: true }).waitFor();
    await frame.getByTestId("stat-awaiting-approval").waitFor();
  });

  await step("product-widget", async () => {
    const path = `products/${encodeURIComponent(config.product.id)}`;
    await page.goto(dashboard(path));
    const expected = topPath();
    const frame = appFrame(page, "/app/widgets/product");
    await frame.getByTestId("product-widget").waitFor();
    const table = frame.getByTestId("stock-levels");
    for (const row of config.product.rows) {
      await table.locator("tr").filter({ hasText: row.sku }).filter({ hasText: row.location }).first().waitFor();
    }
    const skus = await table.locator("tbody tr td:first-child").allInnerTexts();
    const foreign = skus.filter((sku) => !config.product.skus.includes(sku.trim()));
    if (foreign.length) throw new Error(`the widget shows stock of other products: ${foreign.join(", ")}`);
    await expectNoAppNavigation(frame, "the product widget");
    await expectDashboardStayed(expected, "loading the product widget");
    return { linksClicked: await expectLinksStayInside(frame, "the product widget") };
  });

  await step("order-widget", async () => {
    const order = config.order;
    await page.goto(dashboard(`orders/${encodeURIComponent(order.id)}`));
    const expected = topPath();
    const frame = appFrame(page, "/app/widgets/order");
    await frame.getByTestId("order-widget").waitFor();
    await frame.getByText(new RegExp(`Order #${order.number}\\b`)).first().waitFor();
    const plan = frame.getByTestId("routing-plan");
    await plan.waitFor();
    for (const location of order.locations) await plan.getByText(location).first().waitFor();
    for (const flag of order.flags) await frame.getByText(flag).first().waitFor();
    await frame.getByText("Returns", { exact: true }).first().waitFor();
    await expectNoAppNavigation(frame, "the order widget");
    await expectDashboardStayed(expected, "loading the order widget");
    const linksClicked = await expectLinksStayInside(frame, "the order widget");
    // The widget as it sits on the order page, before leaving it for the app page.
    await page.screenshot({ path: join(config.artefacts, "order-widget-in-place.png"), fullPage: true });
    // Its way into the app asks the Dashboard (App Bridge redirect) to open the app page there.
    const openInApp = frame.getByTestId("open-in-app");
    if ((await openInApp.count()) === 0) return { linksClicked };
    await openInApp.first().click();
    await page.waitForURL((url) => url.pathname.includes(appPath));
    await appFrame(page, "/").locator('nav[aria-label="OMS"]').waitFor();
    return { linksClicked, openInApp: page.url() };
  });

  await step("return-popup", async () => {
    const order = config.order;
    const path = `orders/${encodeURIComponent(order.id)}`;
    await page.goto(dashboard(path));
    const expected = topPath();
    const dialog = await openMoreAction(config.extensions["oms-start-return"]);
    const frame = appFrame(dialog, "/app/actions/return");
    await frame.getByRole("heading", { name: "Start a return", exact: true }).waitFor();
    await frame.getByText(new RegExp(`Order #${order.number}\\b`)).first().waitFor();
    await expectNoAppNavigation(frame, "the return popup");
    // acts on that order: one shipped unit comes back
    await frame.locator('input[type="number"]:not([disabled])').first().fill("1");
    await frame.getByRole("button", { name: "Request return" }).click();
    const rma = (await frame.getByText(/RMA-\d+/).first().innerText()).match(/RMA-\d+/)[0];
    await expectDashboardStayed(expected, "the return popup");
    await page.screenshot({ path: join(config.artefacts, "return-popup-done.png"), fullPage: true });
    await closeDialog();
    // and the order's widget lists it
    await page.reload();
    await appFrame(page, "/app/widgets/order").getByText(rma).first().waitFor();
    return { rma };
  });

  await step("order-list-popup", async () => {
    await page.goto(dashboard("orders/"));
    const expected = topPath();
    const dialog = await openMoreAction(config.extensions["oms-route-selected"]);
    const frame = appFrame(dialog, "/app/actions/route");
    // The Dashboard hands list actions no selection (3.23.27 opens them without parameters).
    await frame.locator('[data-testid^="order-action-route"], [data-testid="empty-state"]').first().waitFor();
    await expectNoAppNavigation(frame, "the order list popup");
    await expectDashboardStayed(expected, "the order list popup");
    await closeDialog();
  });

  await step("route-popup", async () => {
    const order = config.unrouted;
    await page.goto(dashboard(`orders/${encodeURIComponent(order.id)}`));
    const expected = topPath();
    const dialog = await openMoreAction(config.extensions["oms-route-now"]);
    const frame = appFrame(dialog, "/app/actions/route");
    await frame.getByTestId("order-action-route").waitFor();
    await frame.getByText("Route 1 order").first().waitFor();
    await expectNoAppNavigation(frame, "the route popup");
    // acts on that order
    await frame.getByRole("button", { name: "Route now" }).click();
    await frame.getByText(/^1 routed/).first().waitFor();
    await expectDashboardStayed(expected, "the route popup");
    await page.screenshot({ path: join(config.artefacts, "route-popup-done.png"), fullPage: true });
    await closeDialog();
  });
} catch (error) {
  record().error ??= String(error?.message ?? error);
} finally {
  await browser.close();
  writeFileSync(config.report, JSON.stringify(report, null, 2));
}
