/**
 * The Saleor documents of the draft order screen, sent to Saleor's API with the Dashboard
 * token (the staff member's own permissions: MANAGE_ORDERS, MANAGE_USERS to find customers).
 * Saleor's schema is not the OMS's, so they are typed by hand; src/api/documents.test.ts
 * validates every SALEOR_* export against Saleor's schema from the contract pack.
 */

import type { TypedDocument } from "../../api/graphql";

export interface SaleorAddress {
  firstName: string;
  lastName: string;
  companyName: string;
  streetAddress1: string;
  streetAddress2: string;
  city: string;
  cityArea: string;
  postalCode: string;
  country: { code: string };
  countryArea: string;
  phone: string | null;
}

export interface SaleorCustomer {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  defaultShippingAddress: SaleorAddress | null;
  defaultBillingAddress: SaleorAddress | null;
}

export interface SaleorChannel {
  id: string;
  slug: string;
  name: string;
  currencyCode: string;
  isActive: boolean;
  defaultCountry: { code: string };
}

export interface SaleorVariant {
  id: string;
  name: string;
  sku: string | null;
  product: { name: string };
  pricing: { price: { gross: { amount: number; currency: string } } | null } | null;
}

export interface SaleorShippingMethod {
  id: string;
  name: string;
  active: boolean;
  message: string | null;
  price: { amount: number; currency: string };
  minimumDeliveryDays: number | null;
  maximumDeliveryDays: number | null;
}

export interface SaleorOrderError {
  field: string | null;
  message: string | null;
  code: string;
  addressType: "SHIPPING" | "BILLING" | null;
  variants: string[] | null;
}

export interface SaleorDraft {
  id: string;
  number: string;
  status: string;
  total: { gross: { amount: number; currency: string } };
  shippingMethods: SaleorShippingMethod[];
}

/** Saleor's AddressInput (the fields this screen edits). */
export interface AddressInput {
  firstName: string;
  lastName: string;
  companyName: string;
  streetAddress1: string;
  streetAddress2: string;
  city: string;
  postalCode: string;
  country: string;
  countryArea: string;
  phone: string;
}

export interface DraftOrderCreateInput {
  channelId: string;
  user?: string;
  userEmail?: string;
  lines: { variantId: string; quantity: number }[];
  shippingAddress: AddressInput;
  billingAddress: AddressInput;
}

const ADDRESS = "firstName lastName companyName streetAddress1 streetAddress2 city cityArea postalCode country { code } countryArea phone";
const ERRORS = "errors { field message code addressType variants }";
const DRAFT =
  "order { id number status total { gross { amount currency } } shippingMethods { id name active message price { amount currency } minimumDeliveryDays maximumDeliveryDays } }";

export const SALEOR_CHANNELS = `query DraftChannels { channels { id slug name currencyCode isActive defaultCountry { code } } }` as TypedDocument<
  { channels: SaleorChannel[] | null },
  Record<string, never>
>;

export const SALEOR_CUSTOMERS = `query DraftCustomers($search: String!) {
  customers(first: 10, search: $search) { edges { node { id email firstName lastName defaultShippingAddress { ${ADDRESS} } defaultBillingAddress { ${ADDRESS} } } } }
}` as TypedDocument<{ customers: { edges: { node: SaleorCustomer }[] } | null }, { search: string }>;

// filter.search matches the variant's name and SKU and its product's name directly; the
// top-level search argument reads the products' search index, which Saleor fills later (a
// product created minutes ago is not found by it: seen on Saleor 3.23.28).
export const SALEOR_VARIANTS = `query DraftVariants($search: String!, $channel: String!) {
  productVariants(first: 10, filter: { search: $search }, channel: $channel) { edges { node { id name sku product { name } pricing { price { gross { amount currency } } } } } }
}` as TypedDocument<{ productVariants: { edges: { node: SaleorVariant }[] } | null }, { search: string; channel: string }>;

export const SALEOR_DRAFT_CREATE = `mutation DraftCreate($input: DraftOrderCreateInput!) {
  draftOrderCreate(input: $input) { ${ERRORS} ${DRAFT} }
}` as TypedDocument<{ draftOrderCreate: { errors: SaleorOrderError[]; order: SaleorDraft | null } | null }, { input: DraftOrderCreateInput }>;

/** The shipping method chosen among the draft's `shippingMethods`. */
export const SALEOR_DRAFT_SHIPPING = `mutation DraftShipping($id: ID!, $shippingMethod: ID!) {
  draftOrderUpdate(id: $id, input: { shippingMethod: $shippingMethod }) { ${ERRORS} ${DRAFT} }
}` as TypedDocument<{ draftOrderUpdate: { errors: SaleorOrderError[]; order: SaleorDraft | null } | null }, { id: string; shippingMethod: string }>;

export const SALEOR_DRAFT_COMPLETE = `mutation DraftComplete($id: ID!) {
  draftOrderComplete(id: $id) { ${ERRORS} order { id number status } }
}` as TypedDocument<
  { draftOrderComplete: { errors: SaleorOrderError[]; order: { id: string; number: string; status: string } | null } | null },
  { id: string }
>;
