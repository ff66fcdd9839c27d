/**
 * The screening checks in plain language: what a reason code means, and the corrections a
 * check proposes (its `suggestion`, a JSON string as the API serialises JSONString) read into
 * what the review page offers. Kept apart from the page so the wording and the parsing are
 * tested without rendering.
 */

/** What each reason code says to someone deciding about the order (the server's message adds the figures). */
export const REASONS: Record<string, string> = {
  STOCK_OUT: "Out of stock",
  STOCK_PARTIAL: "Only part in stock",
  ADDRESS_MISSING: "No shipping address",
  ADDRESS_NO_HOUSE_NUMBER: "No house number",
  ADDRESS_PO_BOX: "PO box the carrier refuses",
  POSTAL_CODE_MISSING: "Postal code missing",
  POSTAL_CODE_INVALID: "Postal code malformed",
  POSTAL_CODE_UNKNOWN: "Postal code unknown",
  POSTAL_CODE_CITY_MISMATCH: "Postal code does not match the city",
  POSTAL_CODE_STATE_MISMATCH: "Postal code does not match the state",
  PAYMENT_MISSING: "Not paid",
  PAYMENT_NOT_CAPTURED: "Payment authorised, not captured",
  PAYMENT_PARTIAL: "Paid in part",
  PAYMENT_OVERCHARGED: "Charged more than the total",
  COD_LIMIT_EXCEEDED: "Cash on delivery above the limit",
  COD_PART_PAID: "Cash on delivery, paid in part",
  RISK_HIGH: "High fraud risk",
  RISK_REVIEW: "Fraud risk to review",
  MARKED_FOR_REVIEW: "Marked for review",
  OK: "Passed",
};

export const CHECK_NAMES: Record<string, string> = {
  STOCK: "Stock",
  ADDRESS: "Shipping address",
  PAYMENT: "Payment",
  RISK: "Fraud risk",
  MARKS: "Marks",
};

export const OUTCOMES: Record<string, string> = {
  PASS: "passed",
  FIX: "correction proposed",
  HOLD: "held",
};

/** A reason code in words; an unknown code is shown as it is, readable. */
export function reasonLabel(code: string): string {
  return REASONS[code] ?? code.replace(/_/g, " ").toLowerCase();
}

/** A JSONString field: the API sends it as JSON text; null, empty or malformed text is nothing. */
export function parseJson(value: string | null | undefined): unknown {
  if (!value) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export interface Substitute {
  variantId: string;
  name: string;
  available: number;
  /** The merchant tagged it as a substitute (rather than a sibling variant found for it). */
  tagged: boolean;
}

/**
 * The stock check's proposal: for each short line (its Saleor OrderLine id) the variants in
 * stock that could replace it. Lines without a proposal are left out.
 */
export function substitutesOf(suggestion: string | null | undefined): Record<string, Substitute[]> {
  const parsed = parseJson(suggestion);
  const proposals = isObject(parsed) && isObject(parsed.substitutes) ? parsed.substitutes : {};
  const found: Record<string, Substitute[]> = {};
  for (const [lineId, list] of Object.entries(proposals)) {
    if (!Array.isArray(list)) continue;
    const substitutes = list.filter(isObject).map((item) => ({
      variantId: String(item.variantId ?? ""),
      name: String(item.name ?? item.variantId ?? ""),
      available: Number(item.available ?? 0),
      tagged: Boolean(item.tagged),
    }));
    const usable = substitutes.filter((item) => item.variantId);
    if (usable.length) found[lineId] = usable;
  }
  return found;
}

/** Units missing per short line (the stock check's facts), by Saleor OrderLine id. */
export function missingOf(facts: string | null | undefined): Record<string, number> {
  const parsed = parseJson(facts);
  const short = isObject(parsed) && Array.isArray(parsed.short) ? parsed.short : [];
  return Object.fromEntries(short.filter(isObject).map((item) => [String(item.lineId), Number(item.missing ?? 0)]));
}

export const ADDRESS_FIELDS = [
  ["firstName", "First name"],
  ["lastName", "Last name"],
  ["companyName", "Company"],
  ["streetAddress1", "Street"],
  ["streetAddress2", "Street (line 2)"],
  ["city", "City"],
  ["cityArea", "City area"],
  ["postalCode", "Postal code"],
  ["countryArea", "State / province"],
  ["country", "Country"],
  ["phone", "Phone"],
] as const;

export type AddressField = (typeof ADDRESS_FIELDS)[number][0];

export interface AddressChange {
  field: AddressField;
  label: string;
  current: string;
  suggested: string;
}

/**
 * The address check's correction against the order's address: each field it changes, with
 * the current and the suggested value (fields it leaves alone are not listed).
 */
export function addressChanges(
  current: Partial<Record<AddressField, string | null>> | null | undefined,
  suggestion: string | null | undefined,
): AddressChange[] {
  const parsed = parseJson(suggestion);
  if (!isObject(parsed)) return [];
  return ADDRESS_FIELDS.filter(([field]) => field in parsed).map(([field, label]) => ({
    field,
    label,
    current: current?.[field] ?? "",
    suggested: parsed[field] === null || parsed[field] === undefined ? "" : String(parsed[field]),
  }));
}
