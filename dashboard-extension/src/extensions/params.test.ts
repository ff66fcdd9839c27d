import { describe, expect, it } from "vitest";

import { extensionParams } from "./params";

describe("extension parameters from the Dashboard", () => {
  it("reads the order of a widget or popup, and the orders of a list action", () => {
    expect(extensionParams("?id=QXBwOjE=&orderId=T3JkZXI6MQ==&theme=light").orderIds).toEqual(["T3JkZXI6MQ=="]);
    expect(extensionParams("?orderIds=T3JkZXI6MQ==,T3JkZXI6Mg==").orderIds).toEqual(["T3JkZXI6MQ==", "T3JkZXI6Mg=="]);
    expect(extensionParams(`?appParams=${encodeURIComponent(JSON.stringify({ productId: "UHJvZHVjdDox" }))}`).productId).toBe("UHJvZHVjdDox");
    expect(extensionParams("?appParams=%7Bbroken").orderIds).toEqual([]);
  });
});
