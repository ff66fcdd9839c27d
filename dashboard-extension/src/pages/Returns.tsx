/** Returns: the queue by status, and one return's lifecycle (approve, reject, receive, inspect, complete). */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { nodes, payloadOf, type Payload } from "../api/client";
import { graphql, type TypedDocument, type VariablesArgument } from "../api/graphql";
import type { OmsReturnStatus, ReturnRequestFragment } from "../api/generated/operations";
import { useApp } from "../app/AppContext";
import { useAction, useQuery } from "../app/hooks";
import { ConfirmButton } from "../components/forms";
import { Card, Cell, PageHeader, QueryBody, Select, StatusChip, Table, formatDate, money } from "../components/ui";
import { LOCATIONS } from "../queries/locations";
import { RETRY_SALEOR, SaleorRecording } from "./returns/SaleorRecording";

export const RETURN_REQUEST = graphql(`
fragment ReturnRequest on OmsReturnRequest {
  id rmaNumber status resolution orderNumber channel note decisionReason currency refundAmount createdAt
  saleorState saleorErrorCode saleorError
  lines { id sku productName quantity reason unitPrice quantityResellable quantityDamaged quantityMissing }
}`);

export type ReturnRequest = ReturnRequestFragment;

export const RETURNS_QUERY = graphql(`
query Returns($first: Int, $status: OmsReturnStatus) {
  returnRequests(first: $first, status: $status) { totalCount edges { node { ...ReturnRequest } } }
}`, RETURN_REQUEST);

// One mutation per step of a return's life, each answering the return as the queue shows it.
export const APPROVE = graphql(`
mutation ReturnApprove($id: ID!) {
  returnRequestApprove(id: $id) { returnRequest { ...ReturnRequest } errors { field message code } }
}`, RETURN_REQUEST);
export const REJECT = graphql(`
mutation ReturnReject($id: ID!, $reason: String!) {
  returnRequestReject(id: $id, reason: $reason) { returnRequest { ...ReturnRequest } errors { field message code } }
}`, RETURN_REQUEST);
export const IN_TRANSIT = graphql(`
mutation ReturnMarkInTransit($id: ID!, $tracking: String) {
  returnRequestMarkInTransit(id: $id, trackingNumber: $tracking) { returnRequest { ...ReturnRequest } errors { field message code } }
}`, RETURN_REQUEST);
export const RECEIVE = graphql(`
mutation ReturnMarkReceived($id: ID!, $locationId: ID!) {
  returnRequestMarkReceived(id: $id, locationId: $locationId) { returnRequest { ...ReturnRequest } errors { field message code } }
}`, RETURN_REQUEST);
export const INSPECT = graphql(`
mutation ReturnInspect($id: ID!, $lines: [OmsReturnInspectionInput!]!) {
  returnRequestInspect(id: $id, lines: $lines) { returnRequest { ...ReturnRequest } errors { field message code } }
}`, RETURN_REQUEST);
export const COMPLETE = graphql(`
mutation ReturnComplete($id: ID!) {
  returnRequestComplete(id: $id) { returnRequest { ...ReturnRequest } errors { field message code } }
}`, RETURN_REQUEST);
export const CANCEL = graphql(`
mutation ReturnCancel($id: ID!) {
  returnRequestCancel(id: $id) { returnRequest { ...ReturnRequest } errors { field message code } }
}`, RETURN_REQUEST);

const STATUSES: (OmsReturnStatus | "")[] = ["", "REQUESTED", "APPROVED", "IN_TRANSIT", "RECEIVED", "INSPECTED", "COMPLETED", "REJECTED", "CANCELLED"];

export function ReturnsPage() {
  const [status, setStatus] = useState<OmsReturnStatus | "">("REQUESTED");
  const [selectedId, setSelectedId] = useState<string>();
  // The server filters by status; the queue shows the newest 100 of them (the title counts all).
  const query = useQuery(RETURNS_QUERY, { first: 100, status: status || null });
  const list = query.data ? nodes(query.data.returnRequests) : [];
  const selected = list.find((item) => item.id === selectedId);

  return (
    <>
      <PageHeader title="Returns">
        <Select
          label="Status"
          value={status}
          onChange={(event) => setStatus(event.target.value as OmsReturnStatus | "")}
          options={STATUSES.map((value) => ({ value, label: value ? value.replace("_", " ").toLowerCase() : "all" }))}
        />
      </PageHeader>
      <Box display="grid" gap={5} style={{ gridTemplateColumns: selected ? "minmax(0, 1fr) minmax(0, 1fr)" : "1fr" }}>
        <Card title={`Queue (${query.data ? query.data.returnRequests.totalCount : "…"})`}>
          <QueryBody
            {...query}
            empty={() => (list.length ? null : { title: "No returns here", text: "Returns customers ask for appear in this queue." })}
          >
            {() => (
              <Table head={["RMA", "Order", "Status", "Lines", "Requested"]} testId="returns-table">
                {list.map((item) => (
                  <tr
                    key={item.id}
                    onClick={() => setSelectedId(item.id)}
                    style={{ cursor: "pointer", background: item.id === selectedId ? "rgba(0,0,0,0.04)" : undefined }}
                    data-testid={`return-${item.rmaNumber}`}
                  >
                    <Cell>
                      <Text size={3} fontWeight="bold">{item.rmaNumber}</Text>
                    </Cell>
                    <Cell>#{item.orderNumber}</Cell>
                    <Cell>
                      <StatusChip status={item.status} />
                    </Cell>
                    <Cell>{item.lines.reduce((sum, line) => sum + line.quantity, 0)} units</Cell>
                    <Cell>{formatDate(item.createdAt)}</Cell>
                  </tr>
                ))}
              </Table>
            )}
          </QueryBody>
        </Card>
        {selected && <ReturnDetail key={selected.id} item={selected} onChanged={query.reload} />}
      </Box>
    </>
  );
}

function ReturnDetail({ item, onChanged }: { item: ReturnRequest; onChanged: () => void }) {
  const { client } = useApp();
  const { busy, run } = useAction();
  const [reason, setReason] = useState("");
  const [tracking, setTracking] = useState("");
  const [locationId, setLocationId] = useState("");
  const [inspection, setInspection] = useState<Record<string, { resellable: number; damaged: number; missing: number }>>(
    () => Object.fromEntries(item.lines.map((line) => [line.id, { resellable: line.quantity, damaged: 0, missing: 0 }])),
  );
  const locations = useQuery(LOCATIONS, {}, { skip: item.status !== "IN_TRANSIT" && item.status !== "APPROVED" });

  /** Sends one step's mutation (`root` names its field) and reloads the queue once it passed. */
  const act = async <Result extends Record<Root, Payload>, Variables, Root extends string>(
    document: TypedDocument<Result, Variables>,
    root: Root,
    variables: Variables,
    success: string,
  ) => {
    const result = await run(async () => {
      const data = await client.request(document, ...([variables] as VariablesArgument<Variables>));
      return payloadOf(data[root]);
    }, success);
    if (result) onChanged();
  };

  return (
    <Card title={`${item.rmaNumber} · order #${item.orderNumber}`} actions={<StatusChip status={item.status} />}>
      <Box display="flex" flexDirection="column" gap={4} data-testid="return-detail">
        <Text size={2} color="default2">
          Resolution {item.resolution.toLowerCase().replace("_", " ")} · channel {item.channel}
          {item.refundAmount !== null && ` · refund ${money(item.refundAmount, item.currency)}`}
        </Text>
        {item.note && <Text>“{item.note}”</Text>}
        {item.decisionReason && <Text color="default2">Decision: {item.decisionReason}</Text>}
        <Table head={["SKU", "Product", "Qty", "Reason", "Inspection"]}>
          {item.lines.map((line) => (
            <tr key={line.id}>
              <Cell>{line.sku}</Cell>
              <Cell>{line.productName}</Cell>
              <Cell>{line.quantity}</Cell>
              <Cell>{line.reason}</Cell>
              <Cell>
                {item.status === "RECEIVED" ? (
                  <Box display="flex" gap={1}>
                    {(["resellable", "damaged", "missing"] as const).map((kind) => (
                      <Input
                        key={kind}
                        type="number"
                        size="small"
                        label={kind}
                        value={String(inspection[line.id]?.[kind] ?? 0)}
                        onChange={(event) =>
                          setInspection((current) => ({
                            ...current,
                            [line.id]: { ...current[line.id], [kind]: Number(event.target.value) },
                          }))
                        }
                        style={{ width: 80 }}
                      />
                    ))}
                  </Box>
                ) : line.quantityResellable !== null ? (
                  `${line.quantityResellable} ok · ${line.quantityDamaged} damaged · ${line.quantityMissing} missing`
                ) : (
                  "—"
                )}
              </Cell>
            </tr>
          ))}
        </Table>

        {item.status === "REQUESTED" && (
          <Box display="flex" gap={2} alignItems="flex-end" flexWrap="wrap">
            <Button variant="primary" disabled={busy} onClick={() => act(APPROVE, "returnRequestApprove", { id: item.id }, `${item.rmaNumber} approved`)}>
              Approve
            </Button>
            <Input label="Reason for rejecting" value={reason} onChange={(event) => setReason(event.target.value)} size="small" />
            <Button
              variant="error"
              disabled={busy || !reason.trim()}
              onClick={() => act(REJECT, "returnRequestReject", { id: item.id, reason }, `${item.rmaNumber} rejected`)}
            >
              Reject
            </Button>
          </Box>
        )}
        {item.status === "APPROVED" && (
          <Box display="flex" gap={2} alignItems="flex-end" flexWrap="wrap">
            <Input label="Tracking number" value={tracking} onChange={(event) => setTracking(event.target.value)} size="small" />
            <Button
              variant="secondary"
              disabled={busy}
              onClick={() => act(IN_TRANSIT, "returnRequestMarkInTransit", { id: item.id, tracking: tracking || null }, "Marked in transit")}
            >
              Mark in transit
            </Button>
          </Box>
        )}
        {(item.status === "APPROVED" || item.status === "IN_TRANSIT") && (
          <Box display="flex" gap={2} alignItems="flex-end" flexWrap="wrap">
            <Select
              label="Receiving location"
              value={locationId}
              onChange={(event) => setLocationId(event.target.value)}
              options={[
                { value: "", label: "Choose…" },
                ...(locations.data ? nodes(locations.data.locations) : []).map((location) => ({ value: location.id, label: location.name })),
              ]}
            />
            <Button
              variant="secondary"
              disabled={busy || !locationId}
              onClick={() => act(RECEIVE, "returnRequestMarkReceived", { id: item.id, locationId }, "Return received")}
            >
              Receive
            </Button>
          </Box>
        )}
        {item.status === "RECEIVED" && (
          <Button
            variant="primary"
            disabled={busy}
            onClick={() =>
              act(
                INSPECT,
                "returnRequestInspect",
                { id: item.id, lines: Object.entries(inspection).map(([lineId, counts]) => ({ lineId, ...counts })) },
                "Inspection recorded",
              )
            }
          >
            Record inspection
          </Button>
        )}
        <SaleorRecording item={item} busy={busy} onRetry={() => act(RETRY_SALEOR, "returnRequestRetrySaleor", { id: item.id }, "Sent to Saleor again")} />
        {item.status === "INSPECTED" && item.saleorState !== "pending" && (
          <Button variant="primary" disabled={busy} onClick={() => act(COMPLETE, "returnRequestComplete", { id: item.id }, "Sent to Saleor; the return completes once Saleor accepts it")}>
            Complete and refund
          </Button>
        )}
        {(item.status === "REQUESTED" || item.status === "APPROVED" || item.status === "IN_TRANSIT") && (
          <Box>
            <ConfirmButton
              label="Cancel return"
              question={`Cancel ${item.rmaNumber}?`}
              confirmLabel="Cancel return"
              disabled={busy}
              onConfirm={() => act(CANCEL, "returnRequestCancel", { id: item.id }, "Return cancelled")}
            />
          </Box>
        )}
      </Box>
    </Card>
  );
}
