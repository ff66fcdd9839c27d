/**
 * Review: the orders screening holds before routing, oldest first, with each check's result
 * and reason, and the decisions staff take on them (release, re-run, cancel, accept a proposed
 * substitute or address correction). Every decision is a mutation of the OMS; the queue is
 * asked again after each, so an order that left it (released, cancelled, passed) disappears.
 */

import { useCallback, useEffect, useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { nodes, payloadOf, type FieldError } from "../api/client";
import { graphql, type TypedDocument, type VariablesArgument } from "../api/graphql";
import type { ScreeningHoldFragment, ScreeningQueueQuery, ScreeningQueueQueryVariables } from "../api/generated/operations";
import { useApp } from "../app/AppContext";
import { useQuery } from "../app/hooks";
import { CursorPager } from "../components/CursorPager";
import { ConfirmButton } from "../components/forms";
import { Card, Cell, EmptyState, Loading, PageHeader, Select, Table, formatDate, money } from "../components/ui";
import { INVENTORY_CHANNELS } from "../queries/inventoryChannels";
import { CHECK_NAMES, OUTCOMES, REASONS, addressChanges, missingOf, reasonLabel, substitutesOf } from "./review/explain";
import { ProblemView, problemOf, type Problem } from "./review/problems";

export const SCREENING_HOLD = graphql(`
fragment ScreeningHold on OmsScreeningResult {
  id state reasonCodes riskScore marks channel currency runs screenedAt createdAt decidedBy decisionNote
  order {
    id saleorId number status userEmail totalGross currency createdAt
    shippingAddress { firstName lastName companyName streetAddress1 streetAddress2 city cityArea postalCode country countryArea phone }
    lines { saleorId productName variantName sku quantity quantityFulfilled }
  }
  checks { check outcome code message suggestion facts }
}`);

export type ScreeningHold = ScreeningHoldFragment;

export const SCREENING_QUEUE = graphql(`
query ScreeningQueue($first: Int, $after: String, $channel: String, $reason: String) {
  screeningQueue(first: $first, after: $after, channel: $channel, reason: $reason) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ...ScreeningHold } }
  }
}`, SCREENING_HOLD);

// One mutation per decision, each answering the screening as the queue shows it.
export const RELEASE = graphql(`
mutation ScreeningRelease($orderId: ID!, $note: String) {
  screeningRelease(orderId: $orderId, note: $note) { result { ...ScreeningHold } errors { field message code } }
}`, SCREENING_HOLD);
export const RERUN = graphql(`
mutation ScreeningRerun($orderId: ID!) {
  screeningRerun(orderId: $orderId) { result { ...ScreeningHold } errors { field message code } }
}`, SCREENING_HOLD);
export const CANCEL = graphql(`
mutation ScreeningCancel($orderId: ID!, $note: String) {
  screeningCancel(orderId: $orderId, note: $note) { result { ...ScreeningHold } errors { field message code } }
}`, SCREENING_HOLD);
export const ACCEPT_SUBSTITUTE = graphql(`
mutation ScreeningAcceptSubstitute($orderId: ID!, $lineId: ID!, $variantId: ID!) {
  screeningAcceptSubstitute(orderId: $orderId, lineId: $lineId, variantId: $variantId) { result { ...ScreeningHold } errors { field message code } }
}`, SCREENING_HOLD);
export const ACCEPT_ADDRESS = graphql(`
mutation ScreeningAcceptAddress($orderId: ID!) {
  screeningAcceptAddress(orderId: $orderId) { result { ...ScreeningHold } errors { field message code } }
}`, SCREENING_HOLD);

export const PAGE_SIZE = 20;
// Saleor changes an order's lines while it is unconfirmed only, its address until it is fulfilled.
const LINES_EDITABLE = ["UNCONFIRMED"];
const ADDRESS_EDITABLE = ["UNCONFIRMED", "UNFULFILLED"];

interface QueueState {
  data: ScreeningQueueQuery | undefined;
  loading: boolean;
  problem: Problem | undefined;
}

/** The queue page asked for; its failure kept as a problem (a missing permission says so). */
function useScreeningQueue(variables: ScreeningQueueQueryVariables) {
  const { client } = useApp();
  const [state, setState] = useState<QueueState>({ data: undefined, loading: true, problem: undefined });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    let cancelled = false;
    setState((current) => ({ ...current, loading: true }));
    client
      .request(SCREENING_QUEUE, JSON.parse(key) as ScreeningQueueQueryVariables)
      .then((data) => !cancelled && setState({ data, loading: false, problem: undefined }))
      .catch((caught: unknown) => !cancelled && setState({ data: undefined, loading: false, problem: problemOf(caught) }));
    return () => {
      cancelled = true;
    };
  }, [client, key, tick]);
  const reload = useCallback(() => setTick((value) => value + 1), []);
  return { ...state, reload };
}

export function ReviewPage() {
  const [channel, setChannel] = useState("");
  const [reason, setReason] = useState("");
  // The `after` cursor of each page shown so far: Next pushes, Previous pops.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [selectedId, setSelectedId] = useState<string>();
  const channels = useQuery(INVENTORY_CHANNELS, {}, { quiet: true });
  const queue = useScreeningQueue({ first: PAGE_SIZE, after: cursors[cursors.length - 1], channel: channel || null, reason: reason || null });
  const list = queue.data ? nodes(queue.data.screeningQueue) : [];
  const selected = list.find((item) => item.id === selectedId);
  const page = cursors.length;
  const filtered = (apply: () => void) => {
    apply();
    setCursors([null]);
  };

  return (
    <>
      <PageHeader title="Review">
        <Select
          label="Channel"
          value={channel}
          onChange={(event) => filtered(() => setChannel(event.target.value))}
          options={[{ value: "", label: "all" }, ...(channels.data?.inventoryChannels ?? []).map((item) => ({ value: item.slug, label: item.name || item.slug }))]}
        />
        <Select
          label="Reason"
          value={reason}
          onChange={(event) => filtered(() => setReason(event.target.value))}
          options={[{ value: "", label: "any" }, ...Object.keys(REASONS).filter((code) => code !== "OK").map((code) => ({ value: code, label: reasonLabel(code) }))]}
        />
      </PageHeader>
      <Box display="grid" gap={5} style={{ gridTemplateColumns: selected ? "minmax(0, 1fr) minmax(0, 1fr)" : "1fr" }}>
        <Card title={`Held for review (${queue.data ? queue.data.screeningQueue.totalCount : "…"})`}>
          {queue.problem ? (
            <ProblemView problem={queue.problem} />
          ) : !queue.data ? (
            <Loading />
          ) : list.length === 0 ? (
            <EmptyState title="Nothing to review" text="Orders the screening checks hold before routing appear here, oldest first." />
          ) : (
            <Table head={["Order", "Channel", "Reasons", "Held since", "Runs"]} testId="review-table">
              {list.map((item) => (
                <tr
                  key={item.id}
                  onClick={() => setSelectedId(item.id)}
                  style={{ cursor: "pointer", background: item.id === selectedId ? "rgba(0,0,0,0.04)" : undefined }}
                  data-testid={`hold-${item.order.number}`}
                >
                  <Cell>
                    <Text size={3} fontWeight="bold">#{item.order.number}</Text>
                  </Cell>
                  <Cell>{item.channel}</Cell>
                  <Cell>{item.reasonCodes.map(reasonLabel).join(", ") || "—"}</Cell>
                  <Cell>{formatDate(item.screenedAt ?? item.createdAt)}</Cell>
                  <Cell>{item.runs}</Cell>
                </tr>
              ))}
            </Table>
          )}
          <CursorPager
            page={page}
            hasNext={Boolean(queue.data?.screeningQueue.pageInfo.hasNextPage)}
            busy={queue.loading}
            onPrevious={() => setCursors((current) => current.slice(0, -1))}
            onNext={() => setCursors((current) => [...current, queue.data?.screeningQueue.pageInfo.endCursor ?? null])}
          />
        </Card>
        {selected && <HoldDetail key={selected.id} item={selected} onChanged={queue.reload} />}
      </Box>
    </>
  );
}

type ScreeningPayload = { result: ScreeningHold | null; errors: FieldError[] };

function HoldDetail({ item, onChanged }: { item: ScreeningHold; onChanged: () => void }) {
  const { client, mode, notify, openInDashboard } = useApp();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [note, setNote] = useState("");
  const order = item.order;

  /** Sends one decision (`root` names its field); the queue is asked again whatever came back. */
  const act = async <Result extends Record<Root, ScreeningPayload>, Variables, Root extends string>(
    document: TypedDocument<Result, Variables>,
    root: Root,
    variables: Variables,
    success: (result: ScreeningHold | null) => string,
  ) => {
    setBusy(true);
    setProblem(undefined);
    try {
      const data = await client.request(document, ...([variables] as VariablesArgument<Variables>));
      notify("success", success(payloadOf(data[root]).result));
    } catch (caught) {
      const found = problemOf(caught);
      setProblem(found);
      notify("error", found.kind === "permission" ? "Missing permission" : "Action failed", found.kind === "refused" ? found.errors.map((error) => error.message).join("; ") : found.message);
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  const stock = item.checks.find((check) => check.check === "STOCK");
  const substitutes = substitutesOf(stock?.suggestion);
  const missing = missingOf(stock?.facts);
  const address = item.checks.find((check) => check.check === "ADDRESS");
  const changes = addressChanges(order.shippingAddress, address?.suggestion);

  return (
    <Card
      title={`Order #${order.number}`}
      actions={
        mode === "dashboard" ? (
          <Button variant="tertiary" size="small" onClick={() => openInDashboard(`/orders/${encodeURIComponent(order.saleorId)}`)}>
            Open in Saleor
          </Button>
        ) : undefined
      }
    >
      <Box display="flex" flexDirection="column" gap={4} data-testid="hold-detail">
        <Text size={2} color="default2">
          {order.status.replace(/_/g, " ").toLowerCase()} · channel {item.channel} · {money(order.totalGross, order.currency)}
          {order.userEmail && ` · ${order.userEmail}`} · placed {formatDate(order.createdAt)} · checked {item.runs} {item.runs === 1 ? "time" : "times"}
          {item.riskScore !== null && ` · risk score ${item.riskScore}`}
        </Text>
        <Table head={["Check", "Result", "Reason"]} testId="hold-checks">
          {item.checks.map((check) => (
            <tr key={check.check} data-testid={`check-${check.check}`}>
              <Cell>{CHECK_NAMES[check.check] ?? check.check}</Cell>
              <Cell>
                <OutcomeChip outcome={check.outcome} />
              </Cell>
              <Cell>
                <Box display="flex" flexDirection="column">
                  <Text size={3} fontWeight="medium">
                    {reasonLabel(check.code)}
                  </Text>
                  <Text size={2} color="default2">
                    {check.message}
                  </Text>
                </Box>
              </Cell>
            </tr>
          ))}
        </Table>

        {Object.keys(substitutes).length > 0 && (
          <Box display="flex" flexDirection="column" gap={2} data-testid="substitutes">
            <Text fontWeight="bold">Substitutes in stock</Text>
            {!LINES_EDITABLE.includes(order.status) && (
              <Text size={2} color="default2">
                Saleor changes the lines of unconfirmed orders only; this order is {order.status.toLowerCase()}.
              </Text>
            )}
            {Object.entries(substitutes).map(([lineId, proposals]) => {
              const line = order.lines.find((candidate) => candidate.saleorId === lineId);
              return (
                <SubstituteChoice
                  key={lineId}
                  lineLabel={line ? `${line.productName}${line.variantName ? ` (${line.variantName})` : ""} · ${line.sku}` : lineId}
                  missing={missing[lineId]}
                  proposals={proposals}
                  disabled={busy || !LINES_EDITABLE.includes(order.status)}
                  onAccept={(variantId) =>
                    act(ACCEPT_SUBSTITUTE, "screeningAcceptSubstitute", { orderId: order.id, lineId, variantId }, () => "Substitute added in Saleor; the checks run again once Saleor reports the order")
                  }
                />
              );
            })}
          </Box>
        )}

        {changes.length > 0 && (
          <Box display="flex" flexDirection="column" gap={2} data-testid="address-correction">
            <Text fontWeight="bold">Suggested address correction</Text>
            <Table head={["Field", "Current", "Suggested"]}>
              {changes.map((change) => (
                <tr key={change.field} data-testid={`address-${change.field}`}>
                  <Cell>{change.label}</Cell>
                  <Cell>{change.current || "—"}</Cell>
                  <Cell>
                    <Text size={3} fontWeight="bold">
                      {change.suggested || "(empty)"}
                    </Text>
                  </Cell>
                </tr>
              ))}
            </Table>
            {!ADDRESS_EDITABLE.includes(order.status) && (
              <Text size={2} color="default2">
                Saleor changes the address of unconfirmed or unfulfilled orders only; this order is {order.status.toLowerCase()}.
              </Text>
            )}
            <Box>
              <Button
                variant="secondary"
                disabled={busy || !ADDRESS_EDITABLE.includes(order.status)}
                onClick={() => act(ACCEPT_ADDRESS, "screeningAcceptAddress", { orderId: order.id }, () => "Address corrected in Saleor; the checks run again once Saleor reports the order")}
              >
                Accept address correction
              </Button>
            </Box>
          </Box>
        )}

        <ProblemView problem={problem} />

        <Box display="flex" gap={2} alignItems="flex-end" flexWrap="wrap">
          <Input label="Note (optional)" size="small" value={note} onChange={(event) => setNote(event.target.value)} />
          <Button
            variant="primary"
            disabled={busy}
            onClick={() => act(RELEASE, "screeningRelease", { orderId: order.id, note: note.trim() }, () => `Order #${order.number} released; it is routed now`)}
          >
            Release
          </Button>
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() =>
              act(RERUN, "screeningRerun", { orderId: order.id }, (result) =>
                result?.state === "HELD" ? `Order #${order.number} is still held: ${result.reasonCodes.map(reasonLabel).join(", ")}` : `Order #${order.number} passed; it goes on to routing`,
              )
            }
          >
            Re-run checks
          </Button>
          <ConfirmButton
            label="Cancel order"
            question={`Cancel order #${order.number}? The OMS will never route it; cancel it in Saleor too.`}
            confirmLabel="Cancel order"
            reasonLabel="Note"
            disabled={busy}
            onConfirm={(reason) => act(CANCEL, "screeningCancel", { orderId: order.id, note: reason }, () => `Order #${order.number} cancelled in the OMS`)}
          />
        </Box>
      </Box>
    </Card>
  );
}

const OUTCOME_TONES: Record<string, { bg: string; fg: string }> = {
  PASS: { bg: "#e3fbe9", fg: "#067647" },
  FIX: { bg: "#fff1dc", fg: "#b54708" },
  HOLD: { bg: "#fde8e8", fg: "#b42318" },
};

function OutcomeChip({ outcome }: { outcome: string }) {
  const tone = OUTCOME_TONES[outcome] ?? OUTCOME_TONES.HOLD;
  return (
    <span data-testid="outcome" style={{ background: tone.bg, color: tone.fg, padding: "2px 8px", borderRadius: 8, fontSize: 12, whiteSpace: "nowrap" }}>
      {OUTCOMES[outcome] ?? outcome.toLowerCase()}
    </span>
  );
}

function SubstituteChoice({
  lineLabel,
  missing,
  proposals,
  disabled,
  onAccept,
}: {
  lineLabel: string;
  missing: number | undefined;
  proposals: ReturnType<typeof substitutesOf>[string];
  disabled: boolean;
  onAccept: (variantId: string) => void;
}) {
  const [variantId, setVariantId] = useState(proposals[0].variantId);
  return (
    <Box display="flex" gap={2} alignItems="flex-end" flexWrap="wrap" data-testid="substitute-line">
      <Box display="flex" flexDirection="column">
        <Text size={3}>{lineLabel}</Text>
        {missing !== undefined && (
          <Text size={2} color="default2">
            {missing} missing
          </Text>
        )}
      </Box>
      <Select
        label={`Substitute for ${lineLabel}`}
        value={variantId}
        onChange={(event) => setVariantId(event.target.value)}
        options={proposals.map((proposal) => ({
          value: proposal.variantId,
          label: `${proposal.name} · ${proposal.available} available${proposal.tagged ? " · tagged substitute" : ""}`,
        }))}
      />
      <Button variant="secondary" size="small" disabled={disabled} onClick={() => onAccept(variantId)}>
        Accept substitute
      </Button>
    </Box>
  );
}
