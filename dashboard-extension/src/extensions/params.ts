/**
 * What the Dashboard tells an extension about its page: the order or product it is mounted on.
 *
 * Widgets loaded with GET and popups get them as query parameters (`orderId`, `productId`,
 * `orderIds` for list actions); popups opened by an app carry them in `appParams`. Standalone,
 * the same parameters work, plus `number` for an order number.
 */

export interface ExtensionParams {
  orderIds: string[];
  orderNumber?: string;
  productId?: string;
}

export function extensionParams(search: string = window.location.search): ExtensionParams {
  const params = new URLSearchParams(search);
  const fromAppParams = parseAppParams(params.get("appParams"));
  const ids = [
    ...params.getAll("orderId"),
    ...params.getAll("orderIds").flatMap((value) => value.split(",")),
    ...fromAppParams.orderIds,
  ]
    .map((value) => value.trim())
    .filter(Boolean);
  return {
    orderIds: [...new Set(ids)],
    orderNumber: params.get("number") ?? undefined,
    productId: params.get("productId") ?? fromAppParams.productId,
  };
}

function parseAppParams(raw: string | null): { orderIds: string[]; productId?: string } {
  if (!raw) return { orderIds: [] };
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    const orderIds = [value.orderId, ...(Array.isArray(value.orderIds) ? value.orderIds : [])].filter((item): item is string => typeof item === "string");
    return { orderIds, productId: typeof value.productId === "string" ? value.productId : undefined };
  } catch {
    return { orderIds: [] };
  }
}
