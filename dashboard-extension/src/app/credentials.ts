/**
 * Where the credential for the OMS API comes from.
 *
 * Inside Saleor's Dashboard: the App Bridge token (a Saleor JWT for this app and the staff
 * member). Standalone (development, tests): `?token=<OMS API key or Saleor JWT>` in the URL,
 * kept for the browser tab, or an API key typed into the sign-in form, kept in localStorage.
 */

const TAB_KEY = "oms.token";
const STORED_KEY = "oms.apiKey";

export function isInIframe(): boolean {
  try {
    return window.self !== window.top;
  } catch {
    return true; // a cross-origin parent: we are framed
  }
}

/** Takes `?token=` out of the address (so it is not shared by copying the URL) and keeps it. */
export function captureUrlToken(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get("token");
  if (!token) return;
  window.sessionStorage.setItem(TAB_KEY, token);
  url.searchParams.delete("token");
  window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
}

export function standaloneToken(): string | undefined {
  return window.sessionStorage.getItem(TAB_KEY) ?? window.localStorage.getItem(STORED_KEY) ?? undefined;
}

export function storeApiKey(key: string): void {
  window.localStorage.setItem(STORED_KEY, key.trim());
}

export function forgetCredentials(): void {
  window.sessionStorage.removeItem(TAB_KEY);
  window.localStorage.removeItem(STORED_KEY);
}
