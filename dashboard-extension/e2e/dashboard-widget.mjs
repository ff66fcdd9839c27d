// Inside a Dashboard: a host page (standing in for Saleor's Dashboard 3.23.27, on its own
// origin) frames the extension the way the real one does: at the address it builds (no
// trailing slash, its query, see dashboardFrameUrl), handshake with a Saleor Dashboard token
// (the <token> argument) on load and on notifyReady, then locale, theme and a `redirect` event
// carrying the Dashboard's own pathname. On the order page the widget must stay the order's
// widget, authenticate with that token, approve the plan on a click and report it as an App
// Bridge notification, and open the app page through a `redirect` action; on the app page
// (`/app?…`) the app must load with its navigation and report its route without the
// Dashboard's context.
import { ARTEFACTS, dashboardFrameUrl, scenario } from "./lib.mjs";

// On loopback too (another origin than the OMS): Chromium keeps public pages from framing localhost.
const DASHBOARD = "http://127.0.0.1:9";
const APP_ID = "QXBwOjE=";

function hostPage(title, src, token, dashboardPathname) {
  return `<!doctype html><html><body style="margin:0;font-family:sans-serif">
    <h3 style="padding:8px 16px;margin:0;background:#eef">Saleor Dashboard (stand-in): ${title}</h3>
    <iframe id="app" src="${src.replace(/&/g, "&amp;")}" style="width:900px;height:620px;border:1px solid #ccc"></iframe>
    <script>
      window.actions = [];
      const frame = document.getElementById("app");
      const send = (message) => frame.contentWindow.postMessage(message, "*");
      // as the Dashboard's frame does: handshake on load, then its context and where it is
      // (here after notifyReady too, so an app that boots after the load event gets them)
      const handshake = () => {
        send({ type: "handshake", payload: { token: ${JSON.stringify(token)}, version: 1, dashboardVersion: "3.23.27", saleorVersion: "3.23.28" } });
        send({ type: "localeChanged", payload: { locale: "en" } });
        send({ type: "theme", payload: { theme: "light" } });
        send({ type: "redirect", payload: { path: ${JSON.stringify(dashboardPathname)} } });
      };
      frame.addEventListener("load", handshake);
      window.addEventListener("message", ({ data }) => {
        if (!data || !data.type) return;
        window.actions.push(data);
        if (data.payload && data.payload.actionId) send({ type: "response", payload: { actionId: data.payload.actionId, ok: true } });
        if (data.type === "notifyReady") handshake();
      });
    </script></body></html>`;
}

await scenario(import.meta.url, async ({ page }) => {
  const [baseUrl, token] = process.argv.slice(2);
  const saleorApiUrl = process.env.OMS_E2E_SALEOR_API_URL ?? "";
  const orderId = process.env.OMS_E2E_ORDER_ID ?? "";
  const frames = {
    [`${DASHBOARD}/dashboard/orders/1`]: hostPage(
      "order details",
      dashboardFrameUrl(new URL("/app/widgets/order", baseUrl).toString(), { kind: "WIDGET", mount: { orderId }, appId: APP_ID, saleorApiUrl }),
      token,
      `/dashboard/orders/${encodeURIComponent(orderId)}`,
    ),
    [`${DASHBOARD}/dashboard/extensions/app/1`]: hostPage(
      "Order management (app page)",
      // appUrl is `<base>/app/`; the Dashboard loads it as `<base>/app?…`
      dashboardFrameUrl(new URL("/app/", baseUrl).toString(), { kind: "APP_PAGE", appId: APP_ID, saleorApiUrl }),
      token,
      `/dashboard/extensions/app/${encodeURIComponent(APP_ID)}`,
    ),
  };
  await page.route(`${DASHBOARD}/**`, (route) => route.fulfill({ contentType: "text/html", body: frames[route.request().url()] ?? "not found" }));
  const recorded = () => page.evaluate(() => window.actions.map((a) => ({ type: a.type, payload: a.payload })));

  // the order page: the widget, not the app
  await page.goto(`${DASHBOARD}/dashboard/orders/1`);
  const widget = page.frameLocator("#app");
  await widget.getByTestId("routing-plan").waitFor();
  await widget.getByText("SLA breach").waitFor();
  await widget.getByRole("button", { name: "Approve plan" }).click();
  await page.waitForFunction(() => window.actions.some((a) => a.type === "notification" && a.payload.status === "success"));
  await widget.getByRole("button", { name: "Open in Order management" }).click();
  await page.waitForFunction(() => window.actions.some((a) => a.type === "redirect"));
  if ((await widget.getByRole("navigation", { name: "OMS" }).count()) > 0) throw new Error("the order widget shows the whole app");
  await widget.getByTestId("order-widget").waitFor();
  let actions = await recorded();
  const notification = actions.find((a) => a.type === "notification");
  console.log(`notification: ${notification.payload.status} ${notification.payload.title}`);
  const redirect = actions.find((a) => a.type === "redirect");
  console.log(`redirect: ${redirect.payload.to}`);
  if (!actions.some((a) => a.type === "widgetResize")) throw new Error("the widget never reported its height");
  if (actions.some((a) => a.type === "updateRouting")) throw new Error("a widget must not move the Dashboard's address");
  await page.screenshot({ path: `${ARTEFACTS}/dashboard-widget-host.png` });

  // the app page, loaded at `/app?…`
  await page.goto(`${DASHBOARD}/dashboard/extensions/app/1`);
  const app = page.frameLocator("#app");
  await app.getByRole("navigation", { name: "OMS" }).waitFor();
  await app.getByTestId("stat-awaiting-approval").waitFor();
  await page.waitForFunction(() => window.actions.some((a) => a.type === "updateRouting"));
  actions = await recorded();
  const routes = actions.filter((a) => a.type === "updateRouting").map((a) => a.payload.newRoute);
  console.log(`app page routes: ${routes.join(" ")}`);
  if (routes.some((route) => route.includes("saleorApiUrl"))) throw new Error("the app reported the Dashboard's context as its route");
  await page.screenshot({ path: `${ARTEFACTS}/dashboard-app-page-host.png` });
});
