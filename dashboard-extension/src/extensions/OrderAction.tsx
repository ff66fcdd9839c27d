/**
 * ORDER_DETAILS_MORE_ACTIONS / ORDER_OVERVIEW_MORE_ACTIONS popups: "Route now" for one or many
 * orders (with progress), and "Start a return" for one order.
 */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { nodes, payloadOf } from "../api/client";
import { graphql } from "../api/graphql";
import type { OmsReturnResolution, RequestReturnMutation } from "../api/generated/operations";
import { useApp } from "../app/AppContext";
import { runBulk, type BulkOutcome } from "../app/bulk";
import { useAction, useQuery } from "../app/hooks";
import { EmptyState, PageHeader, ProgressBar, QueryBody, Select } from "../components/ui";
import { ORDER_WIDGET_QUERY } from "../queries/order";
import { routeOrder } from "../queries/orderRouting";
import { extensionParams } from "./params";

export const ORDER_ID = graphql(`query OrderId($saleorId: String, $number: String) { order(saleorId: $saleorId, number: $number) { id number } }`);
export const POLICIES = graphql(`query Policies { returnPolicies { channel reasons resolutions } }`);
export const REQUEST_RETURN = graphql(`
mutation RequestReturn($input: OmsRequestReturnInput!) {
  requestReturn(input: $input) { returnRequest { id rmaNumber status } errors { field message code } }
}`);

export const ORDERS_TO_ROUTE = graphql(`
query OrdersToRoute {
  orders(needsRouting: true, first: 100) { totalCount edges { node { id saleorId number } } }
}`);

export function OrderActionPage({ action }: { action: "route" | "return" }) {
  const params = extensionParams();
  const orders: OrderRef[] = params.orderIds.length ? params.orderIds.map((saleorId) => ({ saleorId })) : params.orderNumber ? [{ number: params.orderNumber }] : [];
  if (orders.length === 0) {
    // Dashboard 3.23 opens its order-list actions without the selection (no `orderIds`).
    return (
      <Box padding={6} data-testid={`order-action-${action}`}>
        {action === "route" ? <RouteWaiting /> : <EmptyState title="No order selected" text="Open this from an order in the Dashboard." />}
      </Box>
    );
  }
  return (
    <Box padding={6} data-testid={`order-action-${action}`}>
      {action === "route" ? <RouteNow orders={orders} /> : <StartReturn saleorId={params.orderIds[0]} number={params.orderNumber} />}
    </Box>
  );
}

/** Without a selection: the orders the OMS has not routed yet (the newest 100). */
function RouteWaiting() {
  const query = useQuery(ORDERS_TO_ROUTE);
  return (
    <QueryBody {...query} empty={(data) => (data.orders.totalCount ? null : { title: "Nothing to route", text: "Every order in the OMS has a routing plan." })}>
      {(data) => <RouteNow orders={nodes(data.orders).map((order) => ({ saleorId: order.saleorId, number: order.number }))} waiting={data.orders.totalCount} />}
    </QueryBody>
  );
}

type OrderRef = { saleorId?: string; number?: string };

function RouteNow({ orders, waiting }: { orders: OrderRef[]; waiting?: number }) {
  const { client, notify, closePopup } = useApp();
  const [progress, setProgress] = useState(0);
  const [outcome, setOutcome] = useState<BulkOutcome>();
  const [running, setRunning] = useState(false);

  const start = async () => {
    setRunning(true);
    const result = await runBulk(
      orders,
      (ref) => ref.number ?? ref.saleorId ?? "",
      async (ref) => {
        const data = await client.request(ORDER_ID, {
          saleorId: ref.saleorId ?? null,
          number: ref.saleorId ? null : ref.number ?? null,
        });
        if (!data.order) throw new Error("not in the OMS yet");
        return routeOrder(client, data.order.id);
      },
      setProgress,
    );
    setRunning(false);
    setOutcome(result);
    if (result.failed.length === 0) notify("success", `Routed ${result.done} order${result.done === 1 ? "" : "s"}`);
    else notify("error", `${result.failed.length} of ${orders.length} could not be routed`, result.failed.map((item) => item.message).join("; "));
  };

  return (
    <Box display="flex" flexDirection="column" gap={4}>
      <PageHeader title="Route now" />
      {waiting !== undefined && (
        <Text color="default2" data-testid="orders-waiting">
          {waiting} order{waiting === 1 ? "" : "s"} waiting for routing{waiting > orders.length ? ` (the newest ${orders.length} here)` : ""}: {orders.map((order) => `#${order.number}`).join(", ")}
        </Text>
      )}
      <Text>
        Route {orders.length} order{orders.length === 1 ? "" : "s"} with the published rule set now. A plan waiting for approval is replaced.
      </Text>
      {running && <ProgressBar label="Routing" done={progress} total={orders.length} />}
      {outcome && (
        <Text>
          {outcome.done} routed{outcome.failed.length ? `, ${outcome.failed.length} failed: ${outcome.failed.map((item) => item.message).join("; ")}` : ""}.
        </Text>
      )}
      <Box display="flex" gap={2}>
        <Button variant="primary" disabled={running || Boolean(outcome)} onClick={start}>
          Route now
        </Button>
        <Button variant="secondary" onClick={closePopup}>
          Close
        </Button>
      </Box>
    </Box>
  );
}

function StartReturn({ saleorId, number }: { saleorId?: string; number?: string }) {
  const { client, closePopup } = useApp();
  const { busy, run } = useAction();
  const order = useQuery(ORDER_WIDGET_QUERY, { saleorId: saleorId ?? null, number: saleorId ? null : number ?? null });
  const policies = useQuery(POLICIES);
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [reason, setReason] = useState("");
  const [resolution, setResolution] = useState<OmsReturnResolution | "">("");
  const [created, setCreated] = useState<NonNullable<RequestReturnMutation["requestReturn"]["returnRequest"]>>();

  return (
    <Box display="flex" flexDirection="column" gap={4}>
      <PageHeader title="Start a return" />
      <QueryBody {...order} empty={(data) => (data.order ? null : { title: "Not in the OMS yet" })}>
        {(data) => {
          const current = data.order!;
          const policy = policies.data?.returnPolicies.find((item) => item.channel === current.channelSlug) ?? policies.data?.returnPolicies.find((item) => item.channel === null);
          const reasons = policy?.reasons ?? [];
          const resolutions: OmsReturnResolution[] = policy?.resolutions ?? ["REFUND"];
          const chosenReason = reason || reasons[0] || "";
          const chosenResolution = resolution || resolutions[0];
          const lines = current.lines
            .map((line) => ({ line, quantity: Number(quantities[line.saleorId] ?? 0) }))
            .filter((item) => item.quantity > 0);
          const submit = async () => {
            const result = await run(async () => {
              const response = await client.request(REQUEST_RETURN, {
                input: {
                  orderNumber: current.number,
                  resolution: chosenResolution,
                  lines: lines.map(({ line, quantity }) => ({ orderLineId: line.saleorId, quantity, reason: chosenReason })),
                },
              });
              return payloadOf(response.requestReturn).returnRequest;
            }, "Return requested");
            if (result) setCreated(result);
          };
          if (created) {
            return (
              <Box display="flex" flexDirection="column" gap={3}>
                <Text>
                  {created.rmaNumber} is {created.status.toLowerCase()}. It is in the Returns queue of the OMS.
                </Text>
                <Button variant="secondary" onClick={closePopup}>
                  Close
                </Button>
              </Box>
            );
          }
          if (!policy && policies.data) return <EmptyState title="No return policy" text="Set a return policy for this channel first." />;
          return (
            <Box display="flex" flexDirection="column" gap={3}>
              <Text color="default2">Order #{current.number}: choose what comes back (shipped units only).</Text>
              {current.lines.map((line) => (
                <Box key={line.saleorId} display="flex" gap={3} alignItems="center">
                  <Input
                    type="number"
                    size="small"
                    label={`of ${line.quantityFulfilled}`}
                    value={quantities[line.saleorId] ?? "0"}
                    min={0}
                    max={line.quantityFulfilled}
                    disabled={line.quantityFulfilled === 0}
                    onChange={(event) => setQuantities({ ...quantities, [line.saleorId]: event.target.value })}
                    style={{ width: 90 }}
                  />
                  <Text>
                    {line.productName} {line.variantName && `(${line.variantName})`} · {line.sku}
                  </Text>
                </Box>
              ))}
              <Box display="flex" gap={3}>
                <Select label="Reason" value={chosenReason} onChange={(event) => setReason(event.target.value)} options={reasons.map((value) => ({ value, label: value }))} />
                <Select label="Resolution" value={chosenResolution} onChange={(event) => setResolution(event.target.value as OmsReturnResolution)} options={resolutions.map((value) => ({ value, label: value.toLowerCase().replace("_", " ") }))} />
              </Box>
              <Box display="flex" gap={2}>
                <Button variant="primary" disabled={busy || lines.length === 0} onClick={submit}>
                  Request return
                </Button>
                <Button variant="secondary" onClick={closePopup}>
                  Cancel
                </Button>
              </Box>
            </Box>
          );
        }}
      </QueryBody>
    </Box>
  );
}
