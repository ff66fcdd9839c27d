/**
 * The draft order screen's plain logic: a customer's Saleor address as the form's fields,
 * the form as Saleor's `DraftOrderCreateInput`, the OMS promise's destination, and Saleor's
 * errors placed where the form shows them (an address field, the lines, the customer…).
 */

import type { AddressInput, DraftOrderCreateInput, SaleorAddress, SaleorOrderError } from "./saleor";

export const EMPTY_ADDRESS: AddressInput = {
  firstName: "",
  lastName: "",
  companyName: "",
  streetAddress1: "",
  streetAddress2: "",
  city: "",
  postalCode: "",
  country: "",
  countryArea: "",
  phone: "",
};

export const ADDRESS_INPUTS: [keyof AddressInput, string][] = [
  ["firstName", "First name"],
  ["lastName", "Last name"],
  ["companyName", "Company"],
  ["streetAddress1", "Street"],
  ["streetAddress2", "Street (line 2)"],
  ["city", "City"],
  ["postalCode", "Postal code"],
  ["countryArea", "State / province"],
  ["country", "Country code"],
  ["phone", "Phone"],
];

/** A customer's saved address as the form's fields (Saleor answers the country as an object). */
export function addressFields(address: SaleorAddress | null | undefined): AddressInput {
  if (!address) return { ...EMPTY_ADDRESS };
  return {
    firstName: address.firstName,
    lastName: address.lastName,
    companyName: address.companyName,
    streetAddress1: address.streetAddress1,
    streetAddress2: address.streetAddress2,
    city: address.city,
    postalCode: address.postalCode,
    country: address.country.code,
    countryArea: address.countryArea,
    phone: address.phone ?? "",
  };
}

export type Customer = { kind: "existing"; id: string; email: string } | { kind: "new"; email: string };

export interface DraftLine {
  variantId: string;
  quantity: number;
}

/** Saleor's input: an existing customer by id, a new one by e-mail; the country upper case. */
export function draftInput(channelId: string, customer: Customer, lines: DraftLine[], shipping: AddressInput, billing: AddressInput): DraftOrderCreateInput {
  const address = (fields: AddressInput): AddressInput => ({ ...fields, country: fields.country.trim().toUpperCase() });
  return {
    channelId,
    ...(customer.kind === "existing" ? { user: customer.id } : { userEmail: customer.email.trim() }),
    lines: lines.filter((line) => line.quantity > 0).map(({ variantId, quantity }) => ({ variantId, quantity })),
    shippingAddress: address(shipping),
    billingAddress: address(billing),
  };
}

/** Where the OMS promises delivery to: enough of the address to place it (country first). */
export function promiseDestination(address: AddressInput) {
  const country = address.country.trim().toUpperCase();
  if (country.length !== 2) return null;
  return {
    country,
    postalCode: address.postalCode.trim() || null,
    city: address.city.trim() || null,
    countryArea: address.countryArea.trim() || null,
  };
}

export type ErrorPlace = "shipping" | "billing" | "customer" | "lines" | "shippingMethod" | "other";

const CUSTOMER_FIELDS = new Set(["user", "userEmail"]);
const LINE_FIELDS = new Set(["lines", "variantId", "quantity"]);
const SHIPPING_FIELDS = new Set(["shippingMethod", "shipping"]);

/** The part of the form one of Saleor's errors is about. */
export function placeOf(error: SaleorOrderError): ErrorPlace {
  if (error.addressType === "SHIPPING" || error.field === "shippingAddress") return "shipping";
  if (error.addressType === "BILLING" || error.field === "billingAddress") return "billing";
  if (error.field && CUSTOMER_FIELDS.has(error.field)) return "customer";
  if ((error.field && LINE_FIELDS.has(error.field)) || (error.variants && error.variants.length > 0)) return "lines";
  if (error.field && SHIPPING_FIELDS.has(error.field)) return "shippingMethod";
  return "other";
}

/** An error in words: Saleor's message (it may send none), with its code. */
export function errorText(error: SaleorOrderError): string {
  return `${error.message ?? error.code.replace(/_/g, " ").toLowerCase()} (${error.code})`;
}

/** The message of an error about one address field (Saleor names the field, `addressType` the address). */
export function addressError(errors: SaleorOrderError[], place: "shipping" | "billing", field: keyof AddressInput): string | undefined {
  const found = errors.find((error) => placeOf(error) === place && error.field === field);
  return found ? errorText(found) : undefined;
}
