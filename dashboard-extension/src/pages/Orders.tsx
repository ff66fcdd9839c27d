/** The orders queue: flags first, server-side filters, and bulk routing / approval with progress. */

import { useMemo, useState } from "react";
import { Box, Button, Checkbox, Input, Text } from "@saleor/macaw-ui";

import { nodes } from "../api/client";
import { graphql } from "../api/graphql";
import type { OrdersQuery } from "../api/generated/operations";
import { useApp } from "../app/AppContext";
import { runBulk } from "../app/bulk";
import { useQuery } from "../app/hooks";
import { Card, Cell, FlagChip, PageHeader, ProgressBar, QueryBody, Select, StatusChip, Table, formatDate, money } from "../components/ui";
import { approvePlan, routeOrder } from "../queries/orderRouting";

export const ORDERS_QUERY = graphql(`
query Orders(
  $status: String, $search: String, $flagColours: [String!], $flagged: Boolean, $hasOpenTasks: Boolean,
  $needsRouting: Boolean, $routingState: OmsRoutingPlanState, $first: Int
) {
  orders(
    status: $status, search: $search, flagColours: $flagColours, flagged: $flagged, hasOpenTasks: $hasOpenTasks,
    needsRouting: $needsRouting, routingState: $routingState, first: $first
  ) {
    totalCount
    edges { node {
      id saleorId number status chargeStatus channelSlug currency totalGross userEmail createdAt paidAt
      flags { label colour }
      routingPlan { id state }
    } }
  }
}`);

export type Order = OrdersQuery["orders"]["edges"][number]["node"];

const STATUSES = ["", "UNCONFIRMED", "UNFULFILLED", "PARTIALLY_FULFILLED", "FULFILLED", "CANCELED"];
export const AMBER = ["orange", "yellow"];
export type FlagFilter = "" | "red" | "amber" | "flagged" | "none";
export type RoutingFilter = "" | "unrouted" | "PROPOSED" | "FAILED" | "APPLIED";
export type TaskFilter = "" | "open" | "none";

/** Red flags first, then amber (orange / yellow), then the rest; newest first within each. */
export function flagRank(order: Pick<Order, "flags">): number {
  const colours = new Set(order.flags.map((flag) => flag.colour));
  if (colours.has("red")) return 0;
  if (AMBER.some((colour) => colours.has(colour))) return 1;
  return 2;
}

export function sortOrders(orders: Order[]): Order[] {
  return [...orders].sort((a, b) => flagRank(a) - flagRank(b) || b.createdAt.localeCompare(a.createdAt));
}

/** The `orders` arguments for the queue's filters: the server filters, over every order. */
export function filterVariables(flag: FlagFilter, routing: RoutingFilter, tasks: TaskFilter) {
  return {
    flagColours: flag === "red" ? ["red"] : flag === "amber" ? AMBER : null,
    flagged: flag === "flagged" ? true : flag === "none" ? false : null,
    needsRouting: routing === "unrouted" ? true : null,
    routingState: routing && routing !== "unrouted" ? routing : null,
    hasOpenTasks: tasks === "open" ? true : tasks === "none" ? false : null,
  };
}

export function OrdersTable({
  orders,
  selected,
  onToggle,
  onToggleAll,
  onOpen,
}: {
  orders: Order[];
  selected: Set<string>;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  onOpen?: (order: Order) => void;
}) {
  const allSelected = orders.length > 0 && orders.every((order) => selected.has(order.id));
  return (
    <Table
      head={[
        <Checkbox key="all" checked={allSelected} onCheckedChange={onToggleAll} aria-label="Select all" />,
        "Order",
        "Placed",
        "Customer",
        "Total",
        "Status",
        "Routing",
        "Flags",
      ]}
      testId="orders-table"
    >
      {orders.map((order) => (
        <tr key={order.id} data-testid={`order-${order.number}`}>
          <Cell>
            <Checkbox checked={selected.has(order.id)} onCheckedChange={() => onToggle(order.id)} aria-label={`Select order ${order.number}`} />
          </Cell>
          <Cell>
            {onOpen ? (
              <Box as="button" onClick={() => onOpen(order)} backgroundColor="transparent" borderWidth={0} cursor="pointer" padding={0}>
                <Text size={3} fontWeight="bold" color="accent1">
                  #{order.number}
                </Text>
              </Box>
            ) : (
              <Text size={3} fontWeight="bold">#{order.number}</Text>
            )}
          </Cell>
          <Cell>{formatDate(order.createdAt)}</Cell>
          <Cell>{order.userEmail || "—"}</Cell>
          <Cell>{money(order.totalGross, order.currency)}</Cell>
          <Cell>
            <StatusChip status={order.status} />
          </Cell>
          <Cell>{order.routingPlan ? <StatusChip status={order.routingPlan.state} /> : <Text size={3} color="default2">not routed</Text>}</Cell>
          <Cell>
            <Box display="flex" gap={1} flexWrap="wrap">
              {order.flags.map((flag) => (
                <FlagChip key={`${flag.colour}-${flag.label}`} flag={flag} />
              ))}
            </Box>
          </Cell>
        </tr>
      ))}
    </Table>
  );
}

export function OrdersPage() {
  const { client, mode, notify, openInDashboard } = useApp();
  const [status, setStatus] = useState("");
  // `?number=` opens the queue on one order (the order widget's "Open in Order management").
  const [search, setSearch] = useState(() => new URLSearchParams(window.location.search).get("number") ?? "");
  const [flag, setFlag] = useState<FlagFilter>("");
  const [routing, setRouting] = useState<RoutingFilter>("");
  const [tasks, setTasks] = useState<TaskFilter>("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [progress, setProgress] = useState<{ label: string; done: number; total: number }>();
  const query = useQuery(ORDERS_QUERY, {
    status: status || null,
    search: search.trim() || null,
    ...filterVariables(flag, routing, tasks),
    first: 100,
  });
  const orders = useMemo(() => sortOrders(query.data ? nodes(query.data.orders) : []), [query.data]);
  const chosen = orders.filter((order) => selected.has(order.id));

  const bulk = async (label: string, items: Order[], action: (order: Order) => Promise<unknown>) => {
    setProgress({ label, done: 0, total: items.length });
    const outcome = await runBulk(items, (order) => `#${order.number}`, action, (done) => setProgress({ label, done, total: items.length }));
    setProgress(undefined);
    setSelected(new Set());
    query.reload();
    if (outcome.failed.length === 0) notify("success", `${label}: ${outcome.done} orders`);
    else notify("error", `${label}: ${outcome.failed.length} of ${items.length} failed`, outcome.failed.map((item) => `${item.label}: ${item.message}`).join("; "));
  };
  const awaitingApproval = chosen.filter((order) => order.routingPlan?.state === "PROPOSED");

  return (
    <>
      <PageHeader title="Orders">
        <Button variant="secondary" disabled={chosen.length === 0 || Boolean(progress)} onClick={() => bulk("Routed", chosen, (order) => routeOrder(client, order.id))}>
          Route selected ({chosen.length})
        </Button>
        <Button
          variant="primary"
          disabled={awaitingApproval.length === 0 || Boolean(progress)}
          onClick={() => bulk("Approved", awaitingApproval, (order) => approvePlan(client, order.routingPlan!.id))}
        >
          Approve plans ({awaitingApproval.length})
        </Button>
      </PageHeader>
      <Card>
        <Box display="flex" gap={3} alignItems="flex-end" marginBottom={4} flexWrap="wrap">
          <Input label="Order number" size="small" value={search} onChange={(event) => setSearch(event.target.value)} />
          <Select label="Status" value={status} onChange={(event) => setStatus(event.target.value)} options={STATUSES.map((value) => ({ value, label: value ? value.replace("_", " ").toLowerCase() : "all" }))} />
          <Select
            label="Flags"
            value={flag}
            onChange={(event) => setFlag(event.target.value as FlagFilter)}
            options={[
              { value: "", label: "any" },
              { value: "red", label: "red" },
              { value: "amber", label: "amber" },
              { value: "flagged", label: "flagged" },
              { value: "none", label: "no flags" },
            ]}
          />
          <Select
            label="Routing"
            value={routing}
            onChange={(event) => setRouting(event.target.value as RoutingFilter)}
            options={[
              { value: "", label: "any" },
              { value: "unrouted", label: "to route" },
              { value: "PROPOSED", label: "awaiting approval" },
              { value: "FAILED", label: "failed" },
              { value: "APPLIED", label: "applied" },
            ]}
          />
          <Select
            label="Tasks"
            value={tasks}
            onChange={(event) => setTasks(event.target.value as TaskFilter)}
            options={[
              { value: "", label: "any" },
              { value: "open", label: "open tasks" },
              { value: "none", label: "no open tasks" },
            ]}
          />
        </Box>
        {progress && <ProgressBar label={progress.label} done={progress.done} total={progress.total} />}
        <QueryBody {...query} empty={() => (orders.length ? null : { title: "No orders match", text: "Change the filters, or wait for Saleor's next order." })}>
          {() => (
            <OrdersTable
              orders={orders}
              selected={selected}
              onToggle={(id) => setSelected((current) => toggled(current, id))}
              onToggleAll={() => setSelected((current) => (orders.every((order) => current.has(order.id)) ? new Set() : new Set(orders.map((order) => order.id))))}
              onOpen={mode === "dashboard" ? (order) => openInDashboard(`/orders/${encodeURIComponent(order.saleorId)}`) : undefined}
            />
          )}
        </QueryBody>
        {query.data && query.data.orders.totalCount > 100 && (
          <Text size={2} color="default2">
            Showing the newest 100 of {query.data.orders.totalCount} matching orders; narrow with the filters.
          </Text>
        )}
      </Card>
    </>
  );
}

function toggled(set: Set<string>, id: string): Set<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}
