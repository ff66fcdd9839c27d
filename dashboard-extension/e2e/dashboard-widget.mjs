// Inside a Dashboard: a host page (standing in for Saleor's Dashboard, on its own origin)
// embeds the order widget in an iframe and speaks App Bridge to it: it answers the app's
// actions and sends the handshake with a Saleor Dashboard token (the <token> argument). The
// widget must authenticate with that token, show the plan, approve it on a click, and report
// the outcome as an App Bridge notification.
import { ARTEFACTS, scenario } from "./lib.mjs";

// On loopback too (another origin than the OMS): Chromium keeps public pages from framing localhost.
const DASHBOARD = "http://127.0.0.1:9";

await scenario(import.meta.url, async ({ page }) => {
  const [baseUrl, token] = process.argv.slice(2);
  const saleorApiUrl = process.env.OMS_E2E_SALEOR_API_URL ?? "";
  const widget = new URL("/app/widgets/order", baseUrl);
  widget.searchParams.set("orderId", process.env.OMS_E2E_ORDER_ID ?? "");
  widget.searchParams.set("id", "app-id");
  widget.searchParams.set("saleorApiUrl", saleorApiUrl);
  widget.searchParams.set("theme", "light");
  const host = `<!doctype html><html><body style="margin:0;font-family:sans-serif">
    <h3 style="padding:8px 16px;margin:0;background:#eef">Saleor Dashboard (stand-in): order details</h3>
    <iframe id="app" src="${widget}" style="width:900px;height:620px;border:1px solid #ccc"></iframe>
    <script>
      window.actions = [];
      const frame = document.getElementById("app");
      const send = (message) => frame.contentWindow.postMessage(message, "*");
      window.addEventListener("message", ({ data }) => {
        if (!data || !data.type) return;
        window.actions.push(data);
        if (data.payload && data.payload.actionId) send({ type: "response", payload: { actionId: data.payload.actionId, ok: true } });
        if (data.type === "notifyReady") {
          send({ type: "handshake", payload: { token: ${JSON.stringify(token)}, version: 1 } });
          send({ type: "theme", payload: { theme: "light" } });
        }
      });
    </script></body></html>`;
  await page.route(`${DASHBOARD}/**`, (route) => route.fulfill({ contentType: "text/html", body: host }));
  await page.goto(`${DASHBOARD}/orders/1`);

  const app = page.frameLocator("#app");
  await app.getByTestId("routing-plan").waitFor();
  await app.getByText("SLA breach").waitFor();
  await app.getByRole("button", { name: "Approve plan" }).click();
  await page.waitForFunction(() => window.actions.some((a) => a.type === "notification" && a.payload.status === "success"));
  const actions = await page.evaluate(() => window.actions.map((a) => ({ type: a.type, payload: a.payload })));
  const notification = actions.find((a) => a.type === "notification");
  console.log(`notification: ${notification.payload.status} ${notification.payload.title}`);
  if (!actions.some((a) => a.type === "widgetResize")) throw new Error("the widget never reported its height");
  if (actions.some((a) => a.type === "updateRouting")) throw new Error("a widget must not move the Dashboard's address");
  await page.screenshot({ path: `${ARTEFACTS}/dashboard-widget-host.png` });
});
