/** The Capture page's documents: sources, captured orders, their corrections, the CSV door. */

import { graphql } from "../../api/graphql";

export const CAPTURE_SOURCE = graphql(`
fragment CaptureSource on OmsCaptureSource {
  id code name channelSlug warehouseId shippingMethodId taxClassId replayWindowSeconds isActive webhookPath createdAt secretRotatedAt
}`);

export const CAPTURE_SOURCES = graphql(`
query CaptureSources {
  captureSources { ...CaptureSource }
}`, CAPTURE_SOURCE);

export const CAPTURE_SOURCE_CREATE = graphql(`
mutation CaptureSourceCreate($input: OmsCaptureSourceInput!) {
  captureSourceCreate(input: $input) { source { ...CaptureSource } secret errors { field message code } }
}`, CAPTURE_SOURCE);

export const CAPTURE_SOURCE_SECRET_ROTATE = graphql(`
mutation CaptureSourceSecretRotate($id: ID!) {
  captureSourceSecretRotate(id: $id) { source { ...CaptureSource } secret errors { field message code } }
}`, CAPTURE_SOURCE);

export const CAPTURED_ORDER = graphql(`
fragment CapturedOrder on OmsCapturedOrder {
  id externalReference door state saleorOrderId saleorOrderNumber attempts receivedAt settledAt payload
  source { id code name }
  errors { field code message }
}`);

export const CAPTURED_ORDERS = graphql(`
query CapturedOrders($first: Int, $after: String, $source: String, $state: OmsCapturedOrderState) {
  capturedOrders(first: $first, after: $after, source: $source, state: $state) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ...CapturedOrder } }
  }
}`, CAPTURED_ORDER);

export const CAPTURED_ORDER_RESUBMIT = graphql(`
mutation CapturedOrderResubmit($id: ID!, $order: OmsOrderImportInput!) {
  capturedOrderResubmit(id: $id, order: $order) { capturedOrder { ...CapturedOrder } errors { field message code } }
}`, CAPTURED_ORDER);

export const CAPTURED_ORDER_DISCARD = graphql(`
mutation CapturedOrderDiscard($id: ID!) {
  capturedOrderDiscard(id: $id) { capturedOrder { ...CapturedOrder } errors { field message code } }
}`, CAPTURED_ORDER);

export const ORDER_IMPORT_CSV = graphql(`
mutation OrderImportCsv($source: String!, $csv: String!) {
  orderImportCsv(source: $source, csv: $csv) {
    results { externalReference outcome errors { field code message } capturedOrder { id state } }
    errors { field message code }
  }
}`);
