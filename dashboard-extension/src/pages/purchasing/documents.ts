/** The Purchasing page's documents: suggestions, purchase orders and suppliers. */

import { graphql } from "../../api/graphql";

export const PURCHASE_SUGGESTIONS = graphql(`
query PurchaseSuggestions($locationId: ID) {
  purchaseSuggestions(locationId: $locationId) {
    quantity available reorderPoint targetLevel inbound supplier daysOfCover runOutOn arrivesOn runsOutBeforeRestock
    stock { id sku location { id name } }
  }
}`);

export const PURCHASE_ORDER_SUMMARY = graphql(`
fragment PurchaseOrderSummary on OmsPurchaseOrder {
  id number state currency expectedOn createdAt sentAt lateAt totalValue openValue openUnits
  supplier { id name } location { id name }
}`);

export const PURCHASE_ORDER_FIELDS = graphql(`
fragment PurchaseOrderFields on OmsPurchaseOrder {
  ...PurchaseOrderSummary
  notes emailedAt receivedAt cancelledAt pdfUrl csvUrl
  supplier { id name email }
  lines { id variantId sku supplierSku quantityOrdered quantityReceived quantityOpen unitCost }
}`);

export const CREATE_FROM_SUGGESTIONS = graphql(`
mutation PurchaseOrdersFromSuggestions($locationId: ID, $stockIds: [ID!]) {
  purchaseOrdersCreateFromSuggestions(locationId: $locationId, stockIds: $stockIds) {
    purchaseOrders { ...PurchaseOrderSummary }
    unassignedSkus
    errors { field message code }
  }
}`, PURCHASE_ORDER_SUMMARY);

export const PURCHASE_ORDERS = graphql(`
query PurchaseOrders($states: [OmsPurchaseOrderState!], $supplierId: ID, $search: String, $first: Int, $after: String) {
  purchaseOrders(states: $states, supplierId: $supplierId, search: $search, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ...PurchaseOrderSummary } }
  }
}`, PURCHASE_ORDER_SUMMARY);

export const PURCHASE_ORDER = graphql(`
query PurchaseOrder($id: ID!) { purchaseOrder(id: $id) { ...PurchaseOrderFields } }`, PURCHASE_ORDER_FIELDS, PURCHASE_ORDER_SUMMARY);

export const PURCHASE_ORDER_UPDATE = graphql(`
mutation PurchaseOrderUpdate($id: ID!, $input: OmsPurchaseOrderUpdateInput!) {
  purchaseOrderUpdate(id: $id, input: $input) { purchaseOrder { ...PurchaseOrderFields } errors { field message code } }
}`, PURCHASE_ORDER_FIELDS, PURCHASE_ORDER_SUMMARY);
export const PURCHASE_ORDER_SEND = graphql(`
mutation PurchaseOrderSend($id: ID!, $email: Boolean) {
  purchaseOrderSend(id: $id, email: $email) { purchaseOrder { ...PurchaseOrderFields } errors { field message code } }
}`, PURCHASE_ORDER_FIELDS, PURCHASE_ORDER_SUMMARY);
export const PURCHASE_ORDER_RECEIVE = graphql(`
mutation PurchaseOrderReceive($id: ID!, $key: String!, $lines: [OmsPurchaseOrderReceiptLineInput!]!) {
  purchaseOrderReceive(id: $id, key: $key, lines: $lines) { purchaseOrder { ...PurchaseOrderFields } errors { field message code } }
}`, PURCHASE_ORDER_FIELDS, PURCHASE_ORDER_SUMMARY);
export const PURCHASE_ORDER_CANCEL = graphql(`
mutation PurchaseOrderCancel($id: ID!, $reason: String) {
  purchaseOrderCancel(id: $id, reason: $reason) { purchaseOrder { ...PurchaseOrderFields } errors { field message code } }
}`, PURCHASE_ORDER_FIELDS, PURCHASE_ORDER_SUMMARY);

export const SUPPLIER_FIELDS = graphql(`
fragment SupplierFields on OmsSupplier {
  id name email currency leadTimeDays
  items { sku supplierSku unitCost packSize minOrderQuantity priority }
}`);
export const SUPPLIERS = graphql(`
query Suppliers($search: String, $first: Int) { suppliers(search: $search, first: $first) { totalCount edges { node { ...SupplierFields } } } }`, SUPPLIER_FIELDS);
export const SUPPLIER_CREATE = graphql(`
mutation SupplierCreate($input: OmsSupplierInput!) { supplierCreate(input: $input) { supplier { ...SupplierFields } errors { field message code } } }`, SUPPLIER_FIELDS);
export const SUPPLIER_UPDATE = graphql(`
mutation SupplierUpdate($id: ID!, $input: OmsSupplierInput!) { supplierUpdate(id: $id, input: $input) { supplier { ...SupplierFields } errors { field message code } } }`, SUPPLIER_FIELDS);
export const SUPPLIER_ITEM_SET = graphql(`
mutation SupplierItemSet($supplierId: ID!, $input: OmsSupplierItemInput!) {
  supplierItemSet(supplierId: $supplierId, input: $input) { supplier { ...SupplierFields } errors { field message code } }
}`, SUPPLIER_FIELDS);
export const SUPPLIER_ITEM_DELETE = graphql(`
mutation SupplierItemDelete($supplierId: ID!, $sku: String!) {
  supplierItemDelete(supplierId: $supplierId, sku: $sku) { supplier { ...SupplierFields } errors { field message code } }
}`, SUPPLIER_FIELDS);
