/** Bulk actions over orders: one mutation per order, in sequence, with progress and a tally. */

import { errorMessage, payloadOf, type Client } from "../../api/client";
import type { Payload, RoutingPlan } from "../../api/types";

export const ROUTE_ORDER = `
mutation Route($id: ID!) { routeOrder(orderId: $id) { plan { id state } errors { field message code } } }`;
export const APPROVE_PLAN = `
mutation Approve($id: ID!) { approveRoutingPlan(id: $id) { plan { id state } errors { field message code } } }`;

type PlanPayload = Payload & { plan: Pick<RoutingPlan, "id" | "state"> | null };

export interface BulkOutcome {
  done: number;
  failed: { label: string; message: string }[];
}

export async function runBulk<T>(
  items: T[],
  label: (item: T) => string,
  action: (item: T) => Promise<unknown>,
  onProgress: (done: number) => void,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { done: 0, failed: [] };
  for (const [index, item] of items.entries()) {
    try {
      await action(item);
      outcome.done += 1;
    } catch (error) {
      outcome.failed.push({ label: label(item), message: errorMessage(error) });
    }
    onProgress(index + 1);
  }
  return outcome;
}

export async function routeOrder(client: Client, orderId: string) {
  const data = await client.request<{ routeOrder: PlanPayload }>(ROUTE_ORDER, { id: orderId });
  return payloadOf(data.routeOrder).plan;
}

export async function approvePlan(client: Client, planId: string) {
  const data = await client.request<{ approveRoutingPlan: PlanPayload }>(APPROVE_PLAN, { id: planId });
  return payloadOf(data.approveRoutingPlan).plan;
}
