/** The day at a glance: what to route, what waits for approval, what is late, returning or running out. */

import { Box } from "@saleor/macaw-ui";

import { nodes } from "../api/client";
import { graphql } from "../api/graphql";
import type { OverviewPlansQuery } from "../api/generated/operations";
import { useQuery } from "../app/hooks";
import { OnboardingChecklist } from "../components/OnboardingChecklist";
import { BarChart, Card, EmptyState, ErrorState, Loading, PageHeader, Stat } from "../components/ui";
import { ImportBanner } from "./ImportBanner";

// Counts come from the server's filters over every order (totalCount of an empty page); the
// charts show the newest 100. "Awaiting approval" counts orders whose newest plan is proposed:
// an order has at most one proposed plan.
export const COUNTS = graphql(`
query OverviewCounts {
  toRoute: orders(needsRouting: true, first: 0) { totalCount }
  redFlags: orders(flagColours: ["red"], first: 0) { totalCount }
  amberFlags: orders(flagColours: ["orange", "yellow"], first: 0) { totalCount }
  awaitingApproval: orders(routingState: PROPOSED, first: 0) { totalCount }
}`);
export const ORDERS = graphql(`query OverviewOrders { orders(first: 100) { totalCount edges { node { id status } } } }`);
export const PLANS = graphql(`query OverviewPlans { routingPlans(first: 100) { totalCount edges { node { id state shipments { id } } } } }`);
export const RETURNS = graphql(`
query OverviewReturns {
  waiting: returnRequests(status: REQUESTED, first: 0) { totalCount }
  returnRequests(first: 100) { totalCount edges { node { id status } } }
}`);
export const STOCK = graphql(`query OverviewStock { stockAlerts(kind: LOW_STOCK, states: [OPEN, ACKNOWLEDGED], first: 1) { totalCount } }`);

type PlanSummary = OverviewPlansQuery["routingPlans"]["edges"][number]["node"];

export interface OverviewCharts {
  splitRate: number | null;
  plansByState: { label: string; value: number }[];
  ordersByStatus: { label: string; value: number }[];
}

export function overviewCharts(orders: { status: string }[], plans: PlanSummary[]): OverviewCharts {
  const applied = plans.filter((plan) => plan.state === "APPLIED");
  return {
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
  const counts = useQuery(COUNTS);
  const orders = useQuery(ORDERS);
  const plans = useQuery(PLANS);
  const returns = useQuery(RETURNS);
  // Stock needs MANAGE_PRODUCTS, which an orders-only viewer lacks: the card says so instead.
  const stock = useQuery(STOCK, {}, { quiet: true });

  const charts = orders.data && plans.data ? overviewCharts(nodes(orders.data.orders), nodes(plans.data.routingPlans)) : undefined;
  const count = (name: "toRoute" | "redFlags" | "amberFlags" | "awaitingApproval") => counts.data?.[name].totalCount;
  const returnList = returns.data ? nodes(returns.data.returnRequests) : [];
  const lowStock = stock.data?.stockAlerts.totalCount;
  const value = (number: number | undefined) => (number === undefined ? "…" : number);
  const failed = counts.error ?? orders.error ?? plans.error;

  return (
    <>
      <PageHeader title="Overview" />
      <ImportBanner />
      <OnboardingChecklist />
      {failed && <ErrorState message={failed} onRetry={() => { counts.reload(); orders.reload(); plans.reload(); }} />}
      <Box display="grid" gap={4} marginBottom={5} style={{ gridTemplateColumns: "repeat(auto-fill, minmax(180px, 1fr))" }}>
        <Stat label="To route" value={value(count("toRoute"))} hint="open orders no plan ships" />
        <Stat label="Awaiting approval" value={value(count("awaitingApproval"))} tone={count("awaitingApproval") ? "warning" : undefined} hint="orders with a proposed plan" />
        <Stat label="Red flags" value={value(count("redFlags"))} tone={count("redFlags") ? "critical" : undefined} hint={`SLA breaches and other red flags · ${count("amberFlags") ?? 0} amber`} />
        <Stat label="Returns waiting" value={value(returns.data?.waiting.totalCount)} hint="requested, to approve" />
        <Stat label="Low stock" value={stock.error ? "—" : value(lowStock)} tone={lowStock ? "warning" : undefined} hint={stock.error ? "needs MANAGE_PRODUCTS" : "open low-stock alerts (at or below reorder point)"} />
        <Stat label="Split rate" value={charts?.splitRate === null || charts === undefined ? "—" : `${Math.round(charts.splitRate * 100)}%`} hint="newest applied plans with 2+ shipments" />
      </Box>
      <Box display="grid" gap={5} style={{ gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))" }}>
        <Card title="Routing plans by state">
          {!charts ? <Loading /> : charts.plansByState.length ? <BarChart label="Routing plans by state" data={charts.plansByState} /> : <EmptyState title="No plans yet" />}
        </Card>
        <Card title="Newest orders by status">
          {charts ? <BarChart label="Orders by status" data={charts.ordersByStatus} /> : <Loading />}
        </Card>
        <Card title="Returns by status">
          {!returns.data ? <Loading /> : returnList.length ? <BarChart label="Returns by status" data={countBy(returnList.map((item) => item.status))} /> : <EmptyState title="No returns yet" />}
        </Card>
      </Box>
    </>
  );
}
