/** The day at a glance: what to route, what waits for approval, what is late, returning or running out. */

import { Box } from "@saleor/macaw-ui";

import { nodes } from "../api/client";
import type { Connection, Order, ReturnRequest, RoutingPlan, StockLevel } from "../api/types";
import { useQuery } from "../app/hooks";
import { BarChart, Card, EmptyState, ErrorState, Loading, PageHeader, Stat } from "../components/ui";

export const ORDERS = `query OverviewOrders { orders(first: 100) { totalCount edges { node { id status createdAt flags { label colour } routingPlan { id state } } } } }`;
export const PLANS = `query OverviewPlans { routingPlans(first: 100) { totalCount edges { node { id state shipments { id } } } } }`;
export const RETURNS = `query OverviewReturns { returnRequests(first: 100) { totalCount edges { node { id status } } } }`;
export const STOCK = `query OverviewStock { stockLevels(first: 100) { totalCount edges { node { id available safetyStock } } } }`;

type OrderSummary = Pick<Order, "id" | "status" | "createdAt" | "flags" | "routingPlan">;
type PlanSummary = Pick<RoutingPlan, "id" | "state"> & { shipments: { id: string }[] };

export interface OverviewNumbers {
  toRoute: number;
  awaitingApproval: number;
  redFlags: number;
  amberFlags: number;
  splitRate: number | null;
  plansByState: { label: string; value: number }[];
  ordersByStatus: { label: string; value: number }[];
}

export function overviewNumbers(orders: OrderSummary[], plans: PlanSummary[]): OverviewNumbers {
  const open = orders.filter((order) => order.status === "UNFULFILLED" || order.status === "UNCONFIRMED" || order.status === "PARTIALLY_FULFILLED");
  const applied = plans.filter((plan) => plan.state === "APPLIED");
  return {
    toRoute: open.filter((order) => order.routingPlan === null).length,
    awaitingApproval: plans.filter((plan) => plan.state === "PROPOSED").length,
    redFlags: orders.filter((order) => order.flags.some((flag) => flag.colour === "red")).length,
    amberFlags: orders.filter((order) => order.flags.some((flag) => flag.colour === "orange" || flag.colour === "yellow")).length,
    splitRate: applied.length ? applied.filter((plan) => plan.shipments.length > 1).length / applied.length : null,
    plansByState: countBy(plans.map((plan) => plan.state)),
    ordersByStatus: countBy(orders.map((order) => order.status)),
  };
}

function countBy(values: string[]): { label: string; value: number }[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].map(([label, value]) => ({ label: label.replace(/_/g, " ").toLowerCase(), value })).sort((a, b) => b.value - a.value);
}

export function OverviewPage() {
  const orders = useQuery<{ orders: Connection<OrderSummary> }>(ORDERS);
  const plans = useQuery<{ routingPlans: Connection<PlanSummary> }>(PLANS);
  const returns = useQuery<{ returnRequests: Connection<Pick<ReturnRequest, "id" | "status">> }>(RETURNS);
  // Stock needs MANAGE_PRODUCTS, which an orders-only viewer lacks: the card says so instead.
  const stock = useQuery<{ stockLevels: Connection<Pick<StockLevel, "id" | "available" | "safetyStock">> }>(STOCK, {}, { quiet: true });

  const numbers = orders.data && plans.data ? overviewNumbers(nodes(orders.data.orders), nodes(plans.data.routingPlans)) : undefined;
  const returnList = returns.data ? nodes(returns.data.returnRequests) : [];
  const lowStock = stock.data ? nodes(stock.data.stockLevels).filter((level) => level.available <= level.safetyStock).length : undefined;
  const value = (ready: boolean, number: number | undefined) => (ready && number !== undefined ? number : "…");

  return (
    <>
      <PageHeader title="Overview" />
      {(orders.error || plans.error) && <ErrorState message={orders.error ?? plans.error ?? ""} onRetry={() => { orders.reload(); plans.reload(); }} />}
      <Box display="grid" gap={4} marginBottom={5} style={{ gridTemplateColumns: "repeat(auto-fill, minmax(180px, 1fr))" }}>
        <Stat label="To route" value={value(Boolean(numbers), numbers?.toRoute)} hint="open orders without a plan" />
        <Stat label="Awaiting approval" value={value(Boolean(numbers), numbers?.awaitingApproval)} tone={numbers?.awaitingApproval ? "warning" : undefined} hint="proposed plans" />
        <Stat label="Red flags" value={value(Boolean(numbers), numbers?.redFlags)} tone={numbers?.redFlags ? "critical" : undefined} hint={`SLA breaches and other red flags · ${numbers?.amberFlags ?? 0} amber`} />
        <Stat label="Returns waiting" value={value(Boolean(returns.data), returnList.filter((item) => item.status === "REQUESTED").length)} hint="requested, to approve" />
        <Stat label="Low stock" value={stock.error ? "—" : value(Boolean(stock.data), lowStock)} tone={lowStock ? "warning" : undefined} hint={stock.error ? "needs MANAGE_PRODUCTS" : "available ≤ safety stock"} />
        <Stat label="Split rate" value={numbers?.splitRate === null || numbers === undefined ? "—" : `${Math.round(numbers.splitRate * 100)}%`} hint="applied plans with 2+ shipments" />
      </Box>
      <Box display="grid" gap={5} style={{ gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))" }}>
        <Card title="Routing plans by state">
          {!numbers ? <Loading /> : numbers.plansByState.length ? <BarChart label="Routing plans by state" data={numbers.plansByState} /> : <EmptyState title="No plans yet" />}
        </Card>
        <Card title="Newest orders by status">
          {numbers ? <BarChart label="Orders by status" data={numbers.ordersByStatus} /> : <Loading />}
        </Card>
        <Card title="Returns by status">
          {!returns.data ? <Loading /> : returnList.length ? <BarChart label="Returns by status" data={countBy(returnList.map((item) => item.status))} /> : <EmptyState title="No returns yet" />}
        </Card>
      </Box>
    </>
  );
}
