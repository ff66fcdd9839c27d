/**
 * Captured orders, newest first, filtered by state and source (pages of 20). A refused one
 * opens with why Saleor (or the OMS) refused it, in plain words, and the two ways out:
 * correct and resend it under the same reference, or discard it.
 */

import { useEffect, useState } from "react";
import { Box, Button, Text } from "@saleor/macaw-ui";

import { nodes, payloadOf } from "../../api/client";
import type { CapturedOrderFragment, OmsCapturedOrderState } from "../../api/generated/operations";
import { useApp } from "../../app/AppContext";
import { useAction, useQuery } from "../../app/hooks";
import { CursorPager } from "../../components/CursorPager";
import { ConfirmButton } from "../../components/forms";
import { Card, Cell, QueryBody, Select, StatusChip, Table, formatDate } from "../../components/ui";
import { CorrectionForm } from "./CorrectionForm";
import { CAPTURED_ORDERS, CAPTURED_ORDER_DISCARD } from "./documents";
import { problemInWords } from "./explain";
import type { CaptureSource } from "./Sources";

export type CapturedOrder = CapturedOrderFragment;

export const PAGE_SIZE = 20;
const STATES: (OmsCapturedOrderState | "")[] = ["", "RECEIVED", "CREATED", "REFUSED", "DISCARDED"];
const STATE_WORDS: Record<string, string> = {
  "": "all",
  RECEIVED: "received (on its way to Saleor)",
  CREATED: "created in Saleor",
  REFUSED: "refused",
  DISCARDED: "discarded",
};

export function CapturedOrders({ sources, reloadKey }: { sources: CaptureSource[]; reloadKey: number }) {
  const [state, setState] = useState<OmsCapturedOrderState | "">("REFUSED");
  const [source, setSource] = useState("");
  // The `after` cursor of each page shown so far: Next pushes, Previous pops.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [selectedId, setSelectedId] = useState<string>();
  const query = useQuery(CAPTURED_ORDERS, { first: PAGE_SIZE, after: cursors[cursors.length - 1], source: source || null, state: state || null });
  const { reload } = query;
  // A CSV import elsewhere on the page adds orders: show them.
  useEffect(() => {
    if (reloadKey > 0) reload();
  }, [reloadKey, reload]);
  const list = query.data ? nodes(query.data.capturedOrders) : [];
  const selected = list.find((item) => item.id === selectedId);
  const page = cursors.length;
  const filter = (apply: () => void) => {
    apply();
    setCursors([null]);
    setSelectedId(undefined);
  };

  return (
    <Card
      title={`Captured orders (${query.data ? query.data.capturedOrders.totalCount : "…"})`}
      actions={
        <Box display="flex" gap={2}>
          <Select label="State" value={state} onChange={(event) => filter(() => setState(event.target.value as OmsCapturedOrderState | ""))} options={STATES.map((value) => ({ value, label: STATE_WORDS[value] }))} />
          <Select
            label="Source"
            value={source}
            onChange={(event) => filter(() => setSource(event.target.value))}
            options={[{ value: "", label: "all" }, ...sources.map((item) => ({ value: item.code, label: item.code }))]}
          />
        </Box>
      }
    >
      <QueryBody {...query} empty={() => (list.length ? null : { title: "No captured orders here", text: "Orders taken through orderImport, a CSV or a source's webhook appear here." })}>
        {() => (
          <Table head={["Reference", "Source", "Door", "State", "Saleor order", "Received"]} testId="captured-orders">
            {list.map((item) => (
              <tr
                key={item.id}
                onClick={() => setSelectedId(item.id === selectedId ? undefined : item.id)}
                style={{ cursor: "pointer", background: item.id === selectedId ? "rgba(0,0,0,0.04)" : undefined }}
                data-testid={`captured-${item.externalReference}`}
              >
                <Cell>
                  <Text size={3} fontWeight="bold">
                    {item.externalReference}
                  </Text>
                </Cell>
                <Cell>{item.source.code}</Cell>
                <Cell>{item.door}</Cell>
                <Cell>
                  <StatusChip status={item.state} />
                </Cell>
                <Cell>{item.saleorOrderNumber ? `#${item.saleorOrderNumber}` : "—"}</Cell>
                <Cell>{formatDate(item.receivedAt)}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </QueryBody>
      <CursorPager
        page={page}
        hasNext={Boolean(query.data?.capturedOrders.pageInfo.hasNextPage)}
        busy={query.loading}
        onPrevious={() => setCursors((current) => current.slice(0, -1))}
        onNext={() => setCursors((current) => [...current, query.data?.capturedOrders.pageInfo.endCursor ?? null])}
      />
      {selected && (
        <CapturedOrderDetail
          key={selected.id}
          item={selected}
          onChanged={() => {
            setSelectedId(undefined);
            query.reload();
          }}
        />
      )}
    </Card>
  );
}

function CapturedOrderDetail({ item, onChanged }: { item: CapturedOrder; onChanged: () => void }) {
  const { client } = useApp();
  const { busy, run } = useAction();
  const [correcting, setCorrecting] = useState(false);
  const discard = async () => {
    const done = await run(async () => payloadOf((await client.request(CAPTURED_ORDER_DISCARD, { id: item.id })).capturedOrderDiscard), `${item.externalReference} discarded`);
    if (done) onChanged();
  };

  return (
    <Box marginTop={4} padding={4} borderRadius={3} borderWidth={1} borderStyle="solid" borderColor="default1" display="flex" flexDirection="column" gap={3} data-testid="captured-detail">
      <Box display="flex" gap={2} alignItems="center">
        <Text fontWeight="bold">
          {item.externalReference} · {item.source.name}
        </Text>
        <StatusChip status={item.state} />
      </Box>
      <Text size={2} color="default2">
        Received {formatDate(item.receivedAt)} through {item.door.toLowerCase()}
        {item.settledAt && ` · settled ${formatDate(item.settledAt)}`} · {item.attempts} attempt{item.attempts === 1 ? "" : "s"}
      </Text>
      {item.errors.length > 0 && (
        <Box display="flex" flexDirection="column" gap={1} data-testid="captured-errors">
          <Text size={2} fontWeight="bold">
            {item.state === "DISCARDED" ? "It was refused because:" : "Saleor did not create it:"}
          </Text>
          {item.errors.map((error, index) => (
            <Text key={index} size={2} as="p">
              {problemInWords(error)}
            </Text>
          ))}
        </Box>
      )}
      {item.state === "REFUSED" &&
        (correcting ? (
          <CorrectionForm id={item.id} payload={item.payload} onSent={onChanged} onCancel={() => setCorrecting(false)} />
        ) : (
          <Box display="flex" gap={2} alignItems="center" flexWrap="wrap">
            <Button variant="primary" size="small" disabled={busy} onClick={() => setCorrecting(true)}>
              Correct and resend
            </Button>
            <ConfirmButton
              label="Discard"
              question={`Discard ${item.externalReference}? It is never sent to Saleor.`}
              confirmLabel="Discard"
              disabled={busy}
              onConfirm={discard}
            />
          </Box>
        ))}
    </Box>
  );
}
