import { describe, expect, it } from "vitest";

import { EMPTY_ADDRESS, addressError, addressFields, draftInput, placeOf, promiseDestination } from "./draft";
import type { SaleorOrderError } from "./saleor";

const error = (values: Partial<SaleorOrderError>): SaleorOrderError => ({ field: null, message: "m", code: "INVALID", addressType: null, variants: null, ...values });

describe("the draft order's input and errors", () => {
  it("builds Saleor's input: an existing customer by id, a new one by e-mail, lines with units only", () => {
    const address = { ...EMPTY_ADDRESS, streetAddress1: "Main St 1", city: "Berlin", postalCode: "10115", country: " de " };
    const lines = [
      { variantId: "VjoxMQ==", quantity: 2 },
      { variantId: "VjoxMg==", quantity: 0 },
    ];
    const existing = draftInput("Q2g6MQ==", { kind: "existing", id: "VXNlcjox", email: "grace@example.com" }, lines, address, address);
    expect(existing).toEqual({
      channelId: "Q2g6MQ==",
      user: "VXNlcjox",
      lines: [{ variantId: "VjoxMQ==", quantity: 2 }],
      shippingAddress: { ...address, country: "DE" },
      billingAddress: { ...address, country: "DE" },
    });
    expect(draftInput("Q2g6MQ==", { kind: "new", email: " ada@example.com " }, lines, address, address)).toMatchObject({ userEmail: "ada@example.com" });
    expect("user" in draftInput("Q2g6MQ==", { kind: "new", email: "ada@example.com" }, lines, address, address)).toBe(false);
  });

  it("reads a saved Saleor address into the form, its country as the code", () => {
    const saved = { firstName: "A", lastName: "B", companyName: "", streetAddress1: "S 1", streetAddress2: "", city: "C", cityArea: "", postalCode: "1", country: { code: "PL" }, countryArea: "", phone: null };
    expect(addressFields(saved)).toMatchObject({ country: "PL", phone: "", streetAddress1: "S 1" });
    expect(addressFields(null)).toEqual(EMPTY_ADDRESS);
  });

  it("promises only to an address with a two-letter country", () => {
    expect(promiseDestination({ ...EMPTY_ADDRESS, country: "us", postalCode: "90212 ", city: "" })).toEqual({ country: "US", postalCode: "90212", city: null, countryArea: null });
    expect(promiseDestination({ ...EMPTY_ADDRESS, country: "USA" })).toBeNull();
  });

  it("places Saleor's errors where the form shows them", () => {
    expect(placeOf(error({ field: "postalCode", addressType: "SHIPPING" }))).toBe("shipping");
    expect(placeOf(error({ field: "city", addressType: "BILLING" }))).toBe("billing");
    expect(placeOf(error({ field: "userEmail" }))).toBe("customer");
    expect(placeOf(error({ field: null, variants: ["VjoxMQ=="] }))).toBe("lines");
    expect(placeOf(error({ field: "shipping", code: "SHIPPING_METHOD_REQUIRED" }))).toBe("shippingMethod");
    expect(placeOf(error({ field: "channelId" }))).toBe("other");
    const errors = [error({ field: "postalCode", addressType: "BILLING", message: "Bad code." })];
    expect(addressError(errors, "billing", "postalCode")).toBe("Bad code. (INVALID)");
    expect(addressError(errors, "shipping", "postalCode")).toBeUndefined();
  });
});
