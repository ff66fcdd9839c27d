/**
 * The addresses Saleor's Dashboard 3.23.27 loads extension frames at (see README, "Dashboard
 * extension"): the extension URL without a trailing slash, the Dashboard page's own query, then
 * `domain`, `saleorApiUrl`, `id`, the mount's ids, `featureFlags[…]` and `theme`. A GET widget
 * gets the context twice, the first time without the mount's ids.
 */

export const APP_ID = "QXBwOjE=";
export const SALEOR_API_URL = "http://127.0.0.1:8000/graphql/";
const FLAGS = "featureFlags%5Bnew_order_ui%5D%5Benabled%5D=false&featureFlags%5Bnew_order_ui%5D%5Bpayload%5D=";

function context(mount: Record<string, string | string[]>, withFlags: boolean): string {
  const params = new URLSearchParams({ domain: new URL(SALEOR_API_URL).host, saleorApiUrl: SALEOR_API_URL, id: APP_ID });
  for (const [name, value] of Object.entries(mount)) params.append(name, Array.isArray(value) ? value.join(",") : value);
  const head = params.toString();
  return withFlags ? `${head}&${FLAGS}&theme=light` : `${head}&theme=light`;
}

/**
 * `url` is what the manifest says (the app page: appUrl + deep path); `page` the Dashboard
 * page's own query (`asc=false&sort=number`), `mount` the mount's context.
 */
export function dashboardFrameUrl(
  url: string,
  { kind, page = "", mount = {} }: { kind: "APP_PAGE" | "WIDGET" | "POPUP"; page?: string; mount?: Record<string, string | string[]> },
): string {
  const base = url.replace(/\/+$/, "");
  const own = page ? `${page}&` : "";
  if (kind === "WIDGET") return `${base}?${own}${context({}, false)}&${own}${context(mount, true)}`;
  return `${base}?${own}${context(mount, true)}`;
}
