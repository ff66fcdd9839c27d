import { OpenPopupParams } from "@saleor/app-sdk/app-bridge";
import { describe, expect, it } from "vitest";

import { extensionParams } from "./params";

// Query strings as Saleor's Dashboard 3.23.27 writes them (qs, comma arrays, encoded keys).
const CONTEXT = "domain=127.0.0.1%3A8000&saleorApiUrl=http%3A%2F%2F127.0.0.1%3A8000%2Fgraphql%2F&id=QXBwOjE%3D";
const FLAGS = "featureFlags%5Bnew_order_ui%5D%5Benabled%5D=false&featureFlags%5Bnew_order_ui%5D%5Bpayload%5D=";

describe("extension parameters from the Dashboard", () => {
  it("reads the order of an order-details widget from its doubled GET query", () => {
    const search = `?${CONTEXT}&theme=light&${CONTEXT}&orderId=T3JkZXI6MQ%3D%3D&${FLAGS}&theme=light`;
    expect(extensionParams(search)).toEqual({ appId: "QXBwOjE=", orderIds: ["T3JkZXI6MQ=="], productIds: [] });
  });

  it("trusts the Dashboard's values over the page's own query that comes first", () => {
    // an order page with a dialog open: `?action=…&id=<fulfilment>` precedes the context
    const page = "action=edit-fulfillment&id=RnVsZmlsbG1lbnQ6Nw%3D%3D";
    const search = `?${page}&${CONTEXT}&theme=light&${page}&${CONTEXT}&orderId=T3JkZXI6MQ%3D%3D&${FLAGS}&theme=light`;
    expect(extensionParams(search).appId).toBe("QXBwOjE=");
    expect(extensionParams(search).orderIds).toEqual(["T3JkZXI6MQ=="]);
  });

  it("reads the order of an order-details popup and no order from the order list's", () => {
    expect(extensionParams(`?${CONTEXT}&orderId=T3JkZXI6Mg%3D%3D&${FLAGS}&theme=dark`).orderIds).toEqual(["T3JkZXI6Mg=="]);
    // ORDER_OVERVIEW_MORE_ACTIONS: Dashboard 3.23 passes no selection, only the list's own query
    expect(extensionParams(`?asc=false&sort=number&${CONTEXT}&${FLAGS}&theme=light`)).toEqual({ appId: "QXBwOjE=", orderIds: [], productIds: [] });
  });

  it("reads the product of a product widget and comma-joined product ids", () => {
    const widget = `?${CONTEXT}&theme=light&${CONTEXT}&productId=UHJvZHVjdDo3Mg%3D%3D&productSlug=apple-juice&${FLAGS}&theme=light`;
    expect(extensionParams(widget).productId).toBe("UHJvZHVjdDo3Mg==");
    expect(extensionParams(`?${CONTEXT}&productIds=UHJvZHVjdDox%2CUHJvZHVjdDoy&theme=light`).productIds).toEqual(["UHJvZHVjdDox", "UHJvZHVjdDoy"]);
  });

  it("reads a popup's appParams as App Bridge serialises them, and ignores a broken one", () => {
    const appParams = encodeURIComponent(OpenPopupParams.serialize({ orderIds: ["T3JkZXI6MQ==", "T3JkZXI6Mg=="] }));
    expect(extensionParams(`?${CONTEXT}&appParams=${appParams}&theme=light`).orderIds).toEqual(["T3JkZXI6MQ==", "T3JkZXI6Mg=="]);
    expect(extensionParams(`?appParams=${encodeURIComponent(JSON.stringify({ productId: "UHJvZHVjdDox" }))}`).productId).toBe("UHJvZHVjdDox");
    expect(extensionParams("?appParams=%7Bbroken").orderIds).toEqual([]);
  });

  it("takes standalone order numbers, SKUs and order id lists", () => {
    expect(extensionParams("?number=1042&sku=OMS-SKU-001")).toMatchObject({ orderNumber: "1042", sku: "OMS-SKU-001", orderIds: [] });
    expect(extensionParams("?orderIds=T3JkZXI6MQ==,T3JkZXI6Mg==&orderId=T3JkZXI6MQ==").orderIds).toEqual(["T3JkZXI6MQ==", "T3JkZXI6Mg=="]);
  });
});
