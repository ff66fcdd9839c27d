import { describe, expect, it } from "vitest";

import { receiptOf } from "./receipt";

const OPEN = [
  { id: "L1", sku: "OMS-SKU-001", quantityOpen: 10 },
  { id: "L2", sku: "OMS-SKU-002", quantityOpen: 4 },
];

describe("a delivery typed into the receive form", () => {
  it("sends only the lines receiving something", () => {
    expect(receiptOf(OPEN, { L1: "6", L2: "0" })).toEqual({ lines: [{ lineId: "L1", quantity: 6 }], errors: {} });
  });

  it("refuses more than is open, and what is not a whole number", () => {
    expect(receiptOf(OPEN, { L1: "11", L2: "1.5" }).errors).toEqual({ L1: "Only 10 still open.", L2: "A whole number of units, 0 or more." });
    expect(receiptOf(OPEN, { L1: "-1" }).errors).toEqual({ L1: "A whole number of units, 0 or more." });
  });

  it("needs at least one unit", () => {
    expect(receiptOf(OPEN, {}).problem).toBe("Enter the units that arrived.");
    expect(receiptOf(OPEN, { L1: "0" }).problem).toBe("Enter the units that arrived.");
  });
});
