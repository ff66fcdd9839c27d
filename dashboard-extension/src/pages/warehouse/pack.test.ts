import { describe, expect, it } from "vitest";

import { gramsOf, nextBox, stepOf, type PackTask } from "./pack";

const parcel = (state: PackTask["parcels"][number]["state"]) => ({ id: state, releaseId: "r", boxCode: "S", weightG: 1, state, carrier: null, service: null, trackingNumber: null, labelUrl: null, createdAt: "" });

function task(complete: boolean, parcels: PackTask["parcels"] = []): PackTask {
  return {
    orderNumber: "1",
    tote: null,
    complete,
    expectedWeightG: null,
    weightToleranceG: 50,
    release: { id: "r", state: "PACKED" },
    lines: [],
    suggestions: [{ boxCount: 2, emptyVolumeCm3: 1, cost: "1", byVolumeOnly: false, boxes: [{ code: "S", name: "", items: [], weightG: 1 }, { code: "M", name: "", items: [], weightG: 1 }] }],
    parcels,
  };
}

describe("reading a pack task", () => {
  it("knows the step from what is scanned and closed", () => {
    expect(stepOf(undefined, 1, false)).toBe("order");
    expect(stepOf(task(false), 1, false)).toBe("items");
    expect(stepOf(task(true), 2, false)).toBe("box");
    expect(stepOf(task(true, [parcel("CLOSED"), parcel("VOIDED")]), 2, false)).toBe("box");
    expect(stepOf(task(true, [parcel("CLOSED"), parcel("LABELLED")]), 2, false)).toBe("ship");
    expect(stepOf(task(true, [parcel("CLOSED")]), 1, true)).toBe("done");
  });

  it("takes the chosen suggestion's boxes in turn unless the packer chose one", () => {
    expect(nextBox(task(true), 0, undefined)).toBe("S");
    expect(nextBox(task(true, [parcel("CLOSED")]), 0, undefined)).toBe("M");
    expect(nextBox(task(true, [parcel("CLOSED")]), 0, "XL")).toBe("XL");
  });

  it("reads grams from a scale or a keyboard", () => {
    expect(gramsOf("850")).toBe(850);
    expect(gramsOf("850 g")).toBe(850);
    expect(gramsOf("1.25kg")).toBe(1250);
    expect(gramsOf("1,5 KG")).toBe(1500);
    expect(gramsOf("0")).toBeNull();
    expect(gramsOf("M")).toBeNull();
    expect(gramsOf("12-3")).toBeNull();
  });
});
