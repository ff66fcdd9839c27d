import { describe, expect, it } from "vitest";

import { addressChanges, missingOf, reasonLabel, substitutesOf } from "./explain";

describe("the screening checks in plain language", () => {
  it("words reason codes, and shows an unknown one readably", () => {
    expect(reasonLabel("STOCK_PARTIAL")).toBe("Only part in stock");
    expect(reasonLabel("POSTAL_CODE_STATE_MISMATCH")).toBe("Postal code does not match the state");
    expect(reasonLabel("SOMETHING_NEW")).toBe("something new");
  });

  it("reads the stock check's substitutes per short line, skipping lines without any", () => {
    const suggestion = JSON.stringify({
      substitutes: {
        "T3JkZXJMaW5lOjE=": [{ variantId: "VjoyMQ==", name: "Juice 2l", available: 4, tagged: false }],
        "T3JkZXJMaW5lOjI=": [],
      },
    });
    expect(substitutesOf(suggestion)).toEqual({ "T3JkZXJMaW5lOjE=": [{ variantId: "VjoyMQ==", name: "Juice 2l", available: 4, tagged: false }] });
    expect(substitutesOf(null)).toEqual({});
    expect(substitutesOf("not json")).toEqual({});
    expect(substitutesOf(JSON.stringify({ verify: ["DISPOSABLE_EMAIL"] }))).toEqual({});
  });

  it("reads the units missing per line from the stock check's facts", () => {
    expect(missingOf(JSON.stringify({ units: 5, short: [{ lineId: "a", variantId: "v", missing: 2 }] }))).toEqual({ a: 2 });
    expect(missingOf("{}")).toEqual({});
  });

  it("compares the fields an address correction changes with the order's", () => {
    const current = { streetAddress1: "Main St", streetAddress2: "12", city: "LOS ANGELES", postalCode: "90212" };
    expect(addressChanges(current, JSON.stringify({ streetAddress1: "Main St 12", streetAddress2: "" }))).toEqual([
      { field: "streetAddress1", label: "Street", current: "Main St", suggested: "Main St 12" },
      { field: "streetAddress2", label: "Street (line 2)", current: "12", suggested: "" },
    ]);
    expect(addressChanges(null, JSON.stringify({ countryArea: "CA", city: "BEVERLY HILLS" })).map((change) => [change.field, change.current, change.suggested])).toEqual([
      ["city", "", "BEVERLY HILLS"],
      ["countryArea", "", "CA"],
    ]);
    expect(addressChanges(current, null)).toEqual([]);
  });
});
