/**
 * What the Dashboard tells an extension about its page: the order or product it is mounted on.
 *
 * Saleor's Dashboard (3.23) builds every extension iframe's address the same way: the
 * extension URL, then the Dashboard page's own query string, then its context
 * (`domain`, `saleorApiUrl`, `id` = the app's id, the mount's ids such as `orderId`,
 * `productId` / `productSlug` or comma-joined `productIds`, `featureFlags[…]`, `theme`). A GET
 * widget's address gets that context twice (once without the mount's ids), so names repeat:
 * the Dashboard's own values come last, after whatever the page's query held, and the last
 * value is the one to trust. A popup opened by one of our widgets (`openPopup`) gets its
 * payload in `appParams` (base64 JSON, App Bridge's `OpenPopupParams`).
 *
 * Standalone (development, tests) the same names work, plus `number` (an order number),
 * `sku`, and `orderIds` (comma-separated).
 */

import { OpenPopupParams } from "@saleor/app-sdk/app-bridge";

export interface ExtensionParams {
  /** The app's id in Saleor (`id`), needed to link to the app page. */
  appId?: string;
  orderIds: string[];
  orderNumber?: string;
  productId?: string;
  productIds: string[];
  sku?: string;
}

interface PopupPayload {
  orderIds: string[];
  productId?: string;
}

export function extensionParams(search: string = window.location.search): ExtensionParams {
  const params = new URLSearchParams(search);
  const payload = popupPayload(params.get("appParams"));
  const orderIds = unique([...params.getAll("orderId"), ...splitList(params.getAll("orderIds")), ...payload.orderIds]);
  const productIds = unique(splitList(params.getAll("productIds")));
  return {
    appId: last(params, "id"),
    orderIds,
    orderNumber: last(params, "number"),
    productId: last(params, "productId") ?? payload.productId,
    productIds,
    sku: last(params, "sku"),
  };
}

function last(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name).map((value) => value.trim()).filter(Boolean);
  return values.length ? values[values.length - 1] : undefined;
}

function splitList(values: string[]): string[] {
  return values.flatMap((value) => value.split(","));
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter(Boolean))];
}

/** `appParams`: base64 JSON as App Bridge writes it; plain JSON is accepted too. */
function popupPayload(raw: string | null): PopupPayload {
  if (!raw) return { orderIds: [] };
  const value = decodePayload(raw);
  if (!value || typeof value !== "object") return { orderIds: [] };
  const record = value as Record<string, unknown>;
  const orderIds = [record.orderId, ...(Array.isArray(record.orderIds) ? record.orderIds : [])].filter((item): item is string => typeof item === "string");
  return { orderIds, productId: typeof record.productId === "string" ? record.productId : undefined };
}

function decodePayload(raw: string): unknown {
  try {
    return OpenPopupParams.parse(raw);
  } catch {
    try {
      return JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
}
