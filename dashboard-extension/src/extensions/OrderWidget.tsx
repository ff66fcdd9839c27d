/** ORDER_DETAILS_WIDGETS: the order's routing plan with its reasons, flags, tasks and returns. */

import { useRef } from "react";
import { Box, Button, Text } from "@saleor/macaw-ui";

import { nodes } from "../api/client";
import { graphql } from "../api/graphql";
import { useApp } from "../app/AppContext";
import { useAction, useQuery } from "../app/hooks";
import { EmptyState, FlagChip, QueryBody, StatusChip, formatDate, money } from "../components/ui";
import { ORDER_WIDGET_QUERY, type OrderDetail } from "../queries/order";
import { approvePlan, routeOrder } from "../queries/orderRouting";
import { AutoResize } from "./AutoResize";
import { OpenInApp } from "./OpenInApp";
import { ShortPick } from "./ShortPick";
import { extensionParams } from "./params";

export const ORDER_EXTRAS = graphql(`
query OrderExtras($number: String!) {
  orderReturns(orderNumber: $number) { id rmaNumber status createdAt lines { id quantity } }
  staffTasks(status: "open", first: 100) { edges { node { id title dueAt status role order { number } } } }
}`);

export function OrderWidget() {
  const { mode } = useApp();
  const rootRef = useRef<HTMLDivElement>(null);
  const params = extensionParams();
  const saleorId = params.orderIds[0];
  const query = useQuery(ORDER_WIDGET_QUERY, { saleorId: saleorId ?? null, number: saleorId ? null : params.orderNumber ?? null }, { skip: !saleorId && !params.orderNumber });

  return (
    <Box ref={rootRef} padding={4} display="flex" flexDirection="column" gap={4} data-testid="order-widget">
      {mode === "dashboard" && <AutoResize rootRef={rootRef} />}
      {!saleorId && !params.orderNumber ? (
        <EmptyState title="No order" text="This widget shows the order of the Dashboard page it sits on." />
      ) : (
        <QueryBody {...query} empty={(data) => (data.order ? null : { title: "Not in the OMS yet", text: "The order appears here once Saleor's webhook has arrived." })}>
          {(data) => data.order && <OrderSummary order={data.order} onChanged={query.reload} />}
        </QueryBody>
      )}
    </Box>
  );
}

function OrderSummary({ order, onChanged }: { order: OrderDetail; onChanged: () => void }) {
  const { client } = useApp();
  const { busy, run } = useAction();
  const extras = useQuery(ORDER_EXTRAS, { number: order.number });
  const plan = order.routingPlan;
  const tasks = extras.data ? nodes(extras.data.staffTasks).filter((task) => task.order?.number === order.number) : [];
  const canRoute = !plan || plan.state === "FAILED" || plan.state === "PROPOSED";

  return (
    <>
      <Box display="flex" gap={2} alignItems="center" flexWrap="wrap">
        <Text fontWeight="bold">Order #{order.number}</Text>
        <StatusChip status={order.status} />
        {order.flags.map((flag) => (
          <FlagChip key={`${flag.colour}-${flag.label}`} flag={flag} />
        ))}
        <Box marginLeft="auto">
          <OpenInApp route={`/orders?number=${encodeURIComponent(order.number)}`} label="Open in Order management" />
        </Box>
      </Box>

      <Box display="flex" flexDirection="column" gap={2}>
        <Box display="flex" justifyContent="space-between" alignItems="center">
          <Text fontWeight="bold">Routing</Text>
          <Box display="flex" gap={2}>
            {plan?.state === "PROPOSED" && (
              <Button size="small" variant="primary" disabled={busy} onClick={async () => (await run(() => approvePlan(client, plan.id), "Plan approved")) && onChanged()}>
                Approve plan
              </Button>
            )}
            {canRoute && (
              <Button size="small" variant="secondary" disabled={busy} onClick={async () => (await run(() => routeOrder(client, order.id), `Order #${order.number} routed`)) && onChanged()}>
                Route now
              </Button>
            )}
          </Box>
        </Box>
        {plan ? (
          <Box display="flex" flexDirection="column" gap={2} data-testid="routing-plan">
            <Text size={2} color="default2">
              <StatusChip status={plan.state} /> {plan.rulesetName} · attempt {plan.attempt} · cost {money(plan.totalCost)} · {formatDate(plan.createdAt)}
            </Text>
            {plan.errorMessage && <Text color="critical1">{plan.errorMessage}</Text>}
            {plan.shipments.map((shipment) => (
              <Box key={shipment.id} padding={2} borderRadius={3} borderWidth={1} borderStyle="solid" borderColor="default1">
                <Text fontWeight="medium">
                  {shipment.location.name} · {shipment.distanceKm.toFixed(0)} km · {money(shipment.cost)}
                </Text>
                <Text size={2} color="default2">
                  {" "}
                  {shipment.lines.map((line) => `${line.quantity} × ${line.sku}`).join(", ")} · {shipment.state.toLowerCase()}
                </Text>
                {shipment.state === "APPLIED" && <ShortPick shipmentId={shipment.id} location={shipment.location.name} onReported={onChanged} />}
              </Box>
            ))}
            {plan.backorder.length > 0 && <Text color="warning1">Backordered: {plan.backorder.map((line) => `${line.quantity} × ${line.sku}`).join(", ")}</Text>}
            {plan.reasons.length > 0 && (
              <Box as="ul" margin={0} paddingLeft={4}>
                {plan.reasons.map((reason, index) => (
                  <li key={index}>
                    <Text size={2}>
                      {reason.message}
                      {reason.rule ? ` (${reason.rule})` : ""}
                    </Text>
                  </li>
                ))}
              </Box>
            )}
          </Box>
        ) : (
          <Text color="default2">Not routed yet.</Text>
        )}
      </Box>

      <Box display="flex" flexDirection="column" gap={1}>
        <Text fontWeight="bold">Open tasks</Text>
        {tasks.length === 0 ? (
          <Text color="default2">None.</Text>
        ) : (
          tasks.map((task) => (
            <Text key={task.id} size={2}>
              {task.title}
              {task.role ? ` · ${task.role}` : ""} · due {formatDate(task.dueAt)}
            </Text>
          ))
        )}
      </Box>

      <Box display="flex" flexDirection="column" gap={1}>
        <Text fontWeight="bold">Returns</Text>
        {!extras.data?.orderReturns.length ? (
          <Text color="default2">None.</Text>
        ) : (
          extras.data.orderReturns.map((item) => (
            <Text key={item.id} size={2}>
              {item.rmaNumber} · {item.status.toLowerCase().replace("_", " ")} · {item.lines.reduce((sum, line) => sum + line.quantity, 0)} units
            </Text>
          ))
        )}
      </Box>
    </>
  );
}
