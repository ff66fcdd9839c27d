/**
 * Why a captured order was refused, in plain words: the field an error is about (Saleor names
 * it `lines.0.variant_sku`, the OMS's own checks `lines[0].quantity`) and what its code means
 * to someone correcting the order. Saleor's or the OMS's own message follows, as said.
 */

export interface CaptureProblem {
  field?: string | null;
  code: string;
  message: string;
}

/** What each code says (the OMS's checks and Saleor's orderBulkCreate codes). */
const CODES: Record<string, string> = {
  REQUIRED: "is missing",
  INVALID: "is not valid",
  NOT_FOUND: "was not found in Saleor",
  UNIQUE: "is already used by another order in Saleor",
  NOT_UNIQUE: "is already used by another order in Saleor",
  FUTURE_DATE: "is in the future",
  INVALID_QUANTITY: "is not a valid quantity",
  PRICE_ERROR: "has prices that do not add up",
  NOTE_LENGTH: "is too long",
  INSUFFICIENT_STOCK: "is not in stock in the warehouse",
  NON_EXISTING_STOCK: "has no stock record in the warehouse",
  INCORRECT_CURRENCY: "is in another currency than the channel",
  METADATA_KEY_REQUIRED: "needs a key",
  GRAPHQL_ERROR: "was refused by Saleor",
  UNKNOWN: "was refused by Saleor",
};

/** Field names as the order form calls them. */
const FIELDS: Record<string, string> = {
  sku: "SKU",
  variant_sku: "SKU",
  variant_id: "product variant",
  variant: "product variant",
  quantity: "quantity",
  unit_price_gross: "unit price (gross)",
  unit_price_net: "unit price (net)",
  tax_rate: "tax rate",
  tax_class: "tax class",
  warehouse: "warehouse",
  external_reference: "external reference",
  customer_email: "customer email",
  currency: "currency",
  channel: "channel",
  created_at: "order date",
  shipping_method: "shipping method",
  shipping_method_id: "shipping method",
  delivery_method: "shipping method",
  method_id: "shipping method",
  method_name: "shipping method",
  street_address_1: "street",
  postal_code: "postal code",
  country_area: "state or region",
};

const GROUPS: Record<string, string> = {
  lines: "Line",
  payments: "Payment",
  notes: "Note",
  transactions: "Payment",
  billing_address: "Billing address",
  shipping_address: "Shipping address",
  shipping: "Shipping",
  delivery_method: "Shipping",
  user: "Customer",
};

const snake = (name: string) => name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();

/** `lines.0.variant_sku` / `lines[0].quantity` → "Line 1 SKU"; "" for the whole order. */
export function fieldInWords(field: string | null | undefined): string {
  if (!field) return "";
  const parts = field.replace(/\[(\d+)\]/g, ".$1").split(".").filter(Boolean).map(snake);
  const words: string[] = [];
  for (const part of parts) {
    if (/^\d+$/.test(part)) words.push(String(Number(part) + 1));
    else if (words.length === 0 && part in GROUPS) words.push(GROUPS[part]);
    else words.push(FIELDS[part] ?? part.replace(/_/g, " "));
  }
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One sentence per problem: "Line 1 SKU was not found in Saleor: No variant." */
export function problemInWords(problem: CaptureProblem): string {
  const field = fieldInWords(problem.field);
  const said = CODES[problem.code] ?? `was refused (${problem.code})`;
  const subject = field || "The order";
  const message = problem.message.trim();
  return message ? `${subject} ${said}: ${message}` : `${subject} ${said}.`;
}
