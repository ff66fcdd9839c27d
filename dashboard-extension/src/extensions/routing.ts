/**
 * Where the app is, seen from the Dashboard and back.
 *
 * The build is served under `/app` (the router's basename). The Dashboard opens the app page at
 * `appUrl` + the deep path of its own address (`/extensions/app/<app id>/<deep path>`), so
 * `/app?…` is the app's root and `/app/orders?…` its Orders page; widgets and popups are loaded
 * at their own URLs (`/app/widgets/order?…`, `/app/actions/route?…`) and must stay what they
 * are: the Dashboard's `redirect` event (sent to every frame after the handshake, carrying the
 * Dashboard's own pathname, e.g. `/dashboard/orders/<id>` on an order page) never moves them.
 */

export const BASENAME = "/app";

const EMBEDDED = /^\/(widgets|actions)(\/|$)/;

/** A widget or popup route (router pathname, without the basename). */
export function isEmbeddedView(pathname: string): boolean {
  return EMBEDDED.test(pathname);
}

/** The router pathname of a browser address: `/app/widgets/order/` → `/widgets/order/`. */
export function withoutBasename(pathname: string): string {
  if (pathname === BASENAME || pathname === `${BASENAME}/`) return "/";
  return pathname.startsWith(`${BASENAME}/`) ? pathname.slice(BASENAME.length) : pathname;
}

// The app page's address in the Dashboard, current and legacy (`/apps/<id>/app/…`).
const APP_PAGE = /\/extensions\/app\/[^/]+(\/.*)?$/;
const LEGACY_APP_PAGE = /\/apps\/[^/]+\/app(\/.*)?$/;

/**
 * The app route a Dashboard `redirect` event asks for, or undefined to stay put.
 *
 * Dashboard 3.23 sends its whole pathname (`/dashboard/extensions/app/QXBwOjE%3D/orders`); a
 * Dashboard that strips its prefix sends the deep path (`/orders`). Only paths naming one of
 * `pages` (the app page's top-level routes) are followed; anything else (the Dashboard's order
 * page, its root) is not ours to show.
 */
export function appRouteFromDashboardPath(path: string, pages: readonly string[]): string | undefined {
  const [pathname] = path.split(/[?#]/, 1);
  const match = APP_PAGE.exec(pathname) ?? LEGACY_APP_PAGE.exec(pathname);
  const deep = match ? match[1] ?? "/" : pathname;
  const first = deep.split("/").filter(Boolean)[0];
  return first && pages.includes(first) ? deep : undefined;
}

// What the Dashboard appends to every frame's address; repeating it in the Dashboard's own
// address would append it again on the next load.
const DASHBOARD_CONTEXT = new Set(["domain", "saleorApiUrl", "id", "theme", "locale", "token"]);

/** The route to report with `UpdateRouting`: the app's own query only. */
export function routeForDashboard(pathname: string, search: string): string {
  const params = new URLSearchParams(search);
  for (const name of [...params.keys()]) {
    if (DASHBOARD_CONTEXT.has(name) || name.startsWith("featureFlags")) params.delete(name);
  }
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** The Dashboard address of one of the app page's routes, for App Bridge's `redirect` action. */
export function appPageLink(appId: string, route: string): string {
  return `/extensions/app/${encodeURIComponent(appId)}${route.startsWith("/") ? route : `/${route}`}`;
}
