// Shared driver for the end-to-end scenarios: `node e2e/<scenario>.mjs <base url> <token>`.
// Opens the extension served by the OMS (standalone, signed in with ?token=), runs the
// scenario, saves a screenshot to e2e/artefacts/<scenario>.png (…-failure.png when it fails)
// and exits 0 on success, 1 on failure.
import { mkdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const ARTEFACTS = process.env.OMS_E2E_ARTEFACTS ?? join(here, "artefacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Without the networking flags Chromium keeps calling Google's hosts, which a closed network refuses.
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  // The stand-in Dashboard page is served by Playwright (no address), which Chromium's local
  // network checks treat as public and so keep from framing the OMS on localhost.
  "--disable-features=LocalNetworkAccessChecks",
];

export async function scenario(scriptUrl, body) {
  const name = basename(fileURLToPath(scriptUrl), ".mjs");
  const [baseUrl, token] = process.argv.slice(2);
  if (!baseUrl || !token) {
    console.error(`usage: node e2e/${name}.mjs <base url> <token>`);
    process.exit(2);
  }
  mkdirSync(ARTEFACTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(15000);
  page.on("pageerror", (error) => console.error(`[page error] ${error.message}`));
  page.on("requestfailed", (request) => console.error(`[request failed] ${request.url()} ${request.failure()?.errorText ?? ""}`));
  page.on("console", (message) => {
    if (message.type() === "error") console.error(`[console] ${message.text()}`);
  });
  // `route` is a path under /app/, or a whole address (e.g. from dashboardFrameUrl)
  const open = async (route) => {
    if (/^https?:/.test(route)) {
      // the address as given, byte for byte, plus the token
      await page.goto(`${route}${route.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}`);
      return;
    }
    const url = new URL(`/app/${route}`, baseUrl);
    url.searchParams.set("token", token);
    await page.goto(url.toString());
  };
  const shot = (suffix) => page.screenshot({ path: join(ARTEFACTS, `${name}-${suffix}.png`), fullPage: true });
  let failed = false;
  try {
    await body({ page, open, shot });
    await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
    console.log(`${name}: ok (screenshot ${join(ARTEFACTS, `${name}.png`)})`);
  } catch (error) {
    failed = true;
    console.error(`${name}: FAILED: ${error.stack ?? error}`);
    await page.screenshot({ path: join(ARTEFACTS, `${name}-failure.png`), fullPage: true }).catch(() => {});
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}

/**
 * An extension frame's address as Saleor's Dashboard 3.23.27 builds it: the URL without its
 * trailing slash (url-join), the Dashboard page's own query, then its context (`domain`,
 * `saleorApiUrl`, `id`, the mount's ids, `featureFlags[…]`, `theme`); a GET widget gets the
 * context twice, the first time without the mount's ids.
 */
export function dashboardFrameUrl(url, { kind, page = "", mount = {}, appId = "QXBwOjE=", saleorApiUrl = "http://127.0.0.1:8000/graphql/" }) {
  const context = (ids, flags) => {
    const params = new URLSearchParams({ domain: new URL(saleorApiUrl).host, saleorApiUrl, id: appId });
    for (const [name, value] of Object.entries(ids)) params.append(name, Array.isArray(value) ? value.join(",") : value);
    const flagQuery = "featureFlags%5Bnew_order_ui%5D%5Benabled%5D=false&featureFlags%5Bnew_order_ui%5D%5Bpayload%5D=";
    return flags ? `${params}&${flagQuery}&theme=light` : `${params}&theme=light`;
  };
  const base = url.replace(/\/+$/, "");
  const own = page ? `${page}&` : "";
  if (kind === "WIDGET") return `${base}?${own}${context({}, false)}&${own}${context(mount, true)}`;
  return `${base}?${own}${context(mount, true)}`;
}

/** Waits for a success notification whose text contains `text`; fails on an error one. */
export async function expectSuccess(page, text) {
  const success = page.getByTestId("toast-success").filter({ hasText: text });
  const error = page.getByTestId("toast-error");
  const winner = await Promise.race([
    success.first().waitFor().then(() => "success"),
    error.first().waitFor().then(() => "error"),
  ]);
  if (winner === "error") throw new Error(`error notification: ${await error.first().innerText()}`);
}

/** Fails when the page shows an error notification (a failed query or action). */
export async function expectNoError(page) {
  const errors = page.getByTestId("toast-error");
  if ((await errors.count()) > 0) throw new Error(`error notification: ${await errors.first().innerText()}`);
}
