/**
 * Transfers between locations: request (units reserved at the source), ship, receive (counted
 * per line), cancel (`transferRequest`, `transferDispatch`, `transferReceive`, `transferCancel`).
 */

import { Fragment, useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { nodes, type Payload } from "../../api/client";
import { graphql, type TypedDocument } from "../../api/graphql";
import type { TransferFragment } from "../../api/generated/operations";
import { useQuery } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors, wholeNumber } from "../../components/forms";
import { Card, Cell, QueryBody, Select, StatusChip, Table, formatDate } from "../../components/ui";
import { useLocations } from "../../queries/locations";
import { LEVEL_ROW } from "./shared";

export const TRANSFER = graphql(`
fragment Transfer on OmsTransfer {
  id state reference note createdAt dispatchedAt receivedAt fromLocation { id name } toLocation { id name }
  lines { variantId quantity receivedQuantity discrepancy }
}`);
export const TRANSFER_LIST = graphql(`query TransferList { transfers(first: 50) { totalCount edges { node { ...Transfer } } } }`, TRANSFER);
export const SOURCE_LEVELS = graphql(`
query TransferSourceLevels($locationId: ID!, $sku: String) {
  stockLevels(locationId: $locationId, sku: $sku, first: 20) { edges { node { ...LevelRow } } }
}`, LEVEL_ROW);
export const TRANSFER_REQUEST = graphql(`
mutation TransferRequest($input: OmsTransferRequestInput!) { transferRequest(input: $input) { transfer { ...Transfer } errors { field message code } } }`, TRANSFER);
export const TRANSFER_DISPATCH = graphql(`
mutation TransferDispatch($id: ID!) { transferDispatch(id: $id) { transfer { id state } errors { field message code } } }`);
export const TRANSFER_RECEIVE = graphql(`
mutation TransferReceive($id: ID!, $lines: [OmsTransferLineInput!]) { transferReceive(id: $id, lines: $lines) { transfer { id state } errors { field message code } } }`);
export const TRANSFER_CANCEL = graphql(`
mutation TransferCancel($id: ID!, $reason: String) { transferCancel(id: $id, reason: $reason) { transfer { id state } errors { field message code } } }`);

export type Transfer = TransferFragment;

export function Transfers() {
  const query = useQuery(TRANSFER_LIST);
  return (
    <>
      <NewTransfer onCreated={query.reload} />
      <Card title="Transfers (newest 50)">
        <QueryBody {...query} empty={(data) => (data.transfers.edges.length ? null : { title: "No transfers" })}>
          {(data) => (
            <Table head={["Created", "Reference", "From", "To", "Units", "State", ""]} testId="transfers">
              {nodes(data.transfers).map((transfer) => (
                <TransferRow key={transfer.id} transfer={transfer} onChanged={query.reload} />
              ))}
            </Table>
          )}
        </QueryBody>
      </Card>
    </>
  );
}

function TransferRow({ transfer, onChanged }: { transfer: Transfer; onChanged: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [receiving, setReceiving] = useState(false);
  const label = transfer.reference || `${transfer.fromLocation.name} → ${transfer.toLocation.name}`;
  const act = async <Result extends Record<Root, Payload>, Variables, Root extends string>(
    document: TypedDocument<Result, Variables>,
    root: Root,
    variables: Variables,
    success: string,
  ) => {
    const done = await mutate(document, variables, root, success);
    if (done) {
      setReceiving(false);
      onChanged();
    }
  };
  const open = transfer.state === "REQUESTED" || transfer.state === "IN_TRANSIT";
  return (
    <Fragment>
      <tr data-testid={`transfer-${transfer.reference || transfer.id}`}>
        <Cell>{formatDate(transfer.createdAt)}</Cell>
        <Cell>{transfer.reference || "—"}</Cell>
        <Cell>{transfer.fromLocation.name}</Cell>
        <Cell>{transfer.toLocation.name}</Cell>
        <Cell>{transfer.lines.reduce((sum, line) => sum + line.quantity, 0)}</Cell>
        <Cell>
          <StatusChip status={transfer.state} />
        </Cell>
        <Cell>
          <Box display="flex" gap={1} flexWrap="wrap">
            {transfer.state === "REQUESTED" && (
              <Button size="small" variant="secondary" disabled={busy} onClick={() => act(TRANSFER_DISPATCH, "transferDispatch", { id: transfer.id }, `${label} shipped`)}>
                Ship
              </Button>
            )}
            {transfer.state === "IN_TRANSIT" && (
              <Button size="small" variant="secondary" disabled={busy} onClick={() => setReceiving(!receiving)}>
                Receive
              </Button>
            )}
            {open && (
              <ConfirmButton
                label="Cancel"
                question={transfer.state === "IN_TRANSIT" ? "Cancel: the goods go back to the source?" : "Cancel: the reserved units are released?"}
                confirmLabel="Cancel transfer"
                reasonLabel="Reason"
                disabled={busy}
                onConfirm={(reason) => act(TRANSFER_CANCEL, "transferCancel", { id: transfer.id, reason }, `${label} cancelled`)}
              />
            )}
          </Box>
          <FieldErrors errors={errors} />
        </Cell>
      </tr>
      {receiving && (
        <tr>
          <Cell colSpan={7}>
            <ReceiveForm transfer={transfer} busy={busy} onReceive={(lines) => act(TRANSFER_RECEIVE, "transferReceive", { id: transfer.id, lines }, `${label} received`)} />
          </Cell>
        </tr>
      )}
    </Fragment>
  );
}

function ReceiveForm({ transfer, busy, onReceive }: { transfer: Transfer; busy: boolean; onReceive: (lines: { variantId: string; quantity: number }[]) => void }) {
  const [counted, setCounted] = useState(() => transfer.lines.map((line) => String(line.quantity)));
  const lines = transfer.lines.map((line, index) => ({ variantId: line.variantId, quantity: wholeNumber(counted[index]) }));
  const valid = lines.every((line) => line.quantity !== null && line.quantity >= 0);
  return (
    <Box display="flex" flexDirection="column" gap={2} data-testid="receive-form">
      <Text size={2} color="default2">Count what arrived; a shortfall stays on the line as a discrepancy.</Text>
      {transfer.lines.map((line, index) => (
        <Box key={line.variantId} display="flex" gap={2} alignItems="center">
          <Text size={2} style={{ minWidth: 220 }}>
            {line.variantId} (sent {line.quantity})
          </Text>
          <Input
            size="small"
            type="number"
            min={0}
            aria-label={`Received of ${line.variantId}`}
            value={counted[index]}
            onChange={(event) => setCounted(counted.map((value, position) => (position === index ? event.target.value : value)))}
            style={{ width: 90 }}
          />
        </Box>
      ))}
      <Box>
        <Button size="small" variant="primary" disabled={busy || !valid} onClick={() => onReceive(lines as { variantId: string; quantity: number }[])}>
          Confirm receipt
        </Button>
      </Box>
    </Box>
  );
}

interface DraftLine {
  variantId: string;
  sku: string;
  quantity: string;
}

function NewTransfer({ onCreated }: { onCreated: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const { locations } = useLocations();
  const [fromId, setFromId] = useState("");
  const [toId, setToId] = useState("");
  const [sku, setSku] = useState("");
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [reference, setReference] = useState("");
  const [note, setNote] = useState("");
  const candidates = useQuery(SOURCE_LEVELS, { locationId: fromId, sku: sku.trim() || null }, { skip: !fromId });
  const quantities = lines.map((line) => wholeNumber(line.quantity));
  const ready = fromId && toId && lines.length > 0 && quantities.every((quantity) => quantity !== null && quantity > 0);

  const request = async () => {
    const done = await mutate(
      TRANSFER_REQUEST,
      {
        input: {
          fromLocationId: fromId,
          toLocationId: toId,
          lines: lines.map((line, index) => ({ variantId: line.variantId, quantity: quantities[index] ?? 0 })),
          reference: reference.trim(),
          note: note.trim(),
        },
      },
      "transferRequest",
      "Transfer requested: the units are reserved at the source",
    );
    if (done) {
      setLines([]);
      setReference("");
      setNote("");
      candidates.reload();
      onCreated();
    }
  };

  const available = fromId && candidates.data ? nodes(candidates.data.stockLevels).filter((level) => !lines.some((line) => line.variantId === level.variantId)) : [];
  const options = locations.map((location) => ({ value: location.id, label: location.name }));
  return (
    <Card title="New transfer">
      <Box display="flex" flexDirection="column" gap={3} data-testid="new-transfer">
        <Box display="flex" gap={3} alignItems="flex-end" flexWrap="wrap">
          <Select
            label="From"
            value={fromId}
            onChange={(event) => {
              setFromId(event.target.value);
              setLines([]);
            }}
            options={[{ value: "", label: "Choose…" }, ...options]}
          />
          <Select label="To" value={toId} onChange={(event) => setToId(event.target.value)} options={[{ value: "", label: "Choose…" }, ...options.filter((option) => option.value !== fromId)]} />
          <Input label="Reference" size="small" value={reference} onChange={(event) => setReference(event.target.value)} />
          <Input label="Note" size="small" value={note} onChange={(event) => setNote(event.target.value)} />
        </Box>
        {fromId && (
          <Box display="flex" gap={3} alignItems="flex-end" flexWrap="wrap">
            <Input label="Find SKU at the source" size="small" value={sku} onChange={(event) => setSku(event.target.value)} />
            <Select
              label="Add a variant"
              value=""
              onChange={(event) => {
                const level = available.find((candidate) => candidate.variantId === event.target.value);
                if (level) setLines([...lines, { variantId: level.variantId, sku: level.sku || level.variantId, quantity: "1" }]);
              }}
              options={[{ value: "", label: available.length ? "Choose…" : "no stock found" }, ...available.map((level) => ({ value: level.variantId, label: `${level.sku || level.variantId} (${level.available} available)` }))]}
            />
          </Box>
        )}
        {lines.map((line, index) => (
          <Box key={line.variantId} display="flex" gap={2} alignItems="center" data-testid={`transfer-line-${line.sku}`}>
            <Text size={3} style={{ minWidth: 180 }}>
              {line.sku}
            </Text>
            <Input
              size="small"
              type="number"
              min={1}
              aria-label={`Quantity of ${line.sku}`}
              value={line.quantity}
              error={Boolean(errorFor(errors, "lines"))}
              onChange={(event) => setLines(lines.map((item, position) => (position === index ? { ...item, quantity: event.target.value } : item)))}
              style={{ width: 90 }}
            />
            <Button size="small" variant="tertiary" aria-label={`Remove ${line.sku}`} onClick={() => setLines(lines.filter((_, position) => position !== index))}>
              ×
            </Button>
          </Box>
        ))}
        <FieldErrors errors={errors} />
        <Box>
          <Button variant="primary" disabled={busy || !ready} onClick={request}>
            Request transfer
          </Button>
        </Box>
      </Box>
    </Card>
  );
}
