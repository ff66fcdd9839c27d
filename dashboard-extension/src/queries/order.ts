/**
 * One order as the order widget shows it (lines, flags, routing plan with its shipments and
 * reasons): the widget reads it, and so does the return popup for the order's lines.
 */

import { graphql } from "../api/graphql";
import type { OrderDetailFragment } from "../api/generated/operations";

export const ORDER_DETAIL = graphql(`
fragment OrderDetail on OmsOrder {
  id saleorId number status chargeStatus channelSlug currency totalGross userEmail createdAt paidAt
  flags { label colour createdAt }
  lines { saleorId sku productName variantName quantity quantityFulfilled }
  routingPlan {
    id state attempt rulesetName totalCost errorMessage createdAt
    reasons { code message rule }
    shipments { id state cost distanceKm location { name } lines { sku quantity } }
    backorder { sku quantity }
  }
}`);

export const ORDER_WIDGET_QUERY = graphql(`
query OrderWidget($saleorId: String, $number: String) { order(saleorId: $saleorId, number: $number) { ...OrderDetail } }`, ORDER_DETAIL);

export type OrderDetail = OrderDetailFragment;
