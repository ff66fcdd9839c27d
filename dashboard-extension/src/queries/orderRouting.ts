/**
 * Routing one order now and approving a proposed plan: the Orders page's bulk actions and the
 * order widget and popups send these.
 */

import { payloadOf, type Client } from "../api/client";
import { graphql } from "../api/graphql";

export const ROUTE_ORDER = graphql(`
mutation Route($id: ID!) { routeOrder(orderId: $id) { plan { id state } errors { field message code } } }`);
export const APPROVE_PLAN = graphql(`
mutation Approve($id: ID!) { approveRoutingPlan(id: $id) { plan { id state } errors { field message code } } }`);

export async function routeOrder(client: Client, orderId: string) {
  const data = await client.request(ROUTE_ORDER, { id: orderId });
  return payloadOf(data.routeOrder).plan;
}

export async function approvePlan(client: Client, planId: string) {
  const data = await client.request(APPROVE_PLAN, { id: planId });
  return payloadOf(data.approveRoutingPlan).plan;
}
