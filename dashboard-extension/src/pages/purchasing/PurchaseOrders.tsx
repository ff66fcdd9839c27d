/**
 * Purchase orders: the list (by state, supplier, number or SKU) and one order's page: its lines,
 * expected date and notes (editable while a draft), sending it (e-mailed with PDF and CSV, or
 * marked sent), its PDF and CSV, receiving deliveries line by line, and cancelling it.
 */

import { useMemo, useState, type ReactNode } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { nodes } from "../../api/client";
import type { OmsPurchaseOrderState, PurchaseOrderFieldsFragment } from "../../api/generated/operations";
import { useApp } from "../../app/AppContext";
import { useQuery } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors } from "../../components/forms";
import { Card, Cell, QueryBody, Select, StatusChip, Table, formatDate, money } from "../../components/ui";
import { PURCHASE_ORDER, PURCHASE_ORDER_CANCEL, PURCHASE_ORDER_RECEIVE, PURCHASE_ORDER_SEND, PURCHASE_ORDER_UPDATE, PURCHASE_ORDERS, SUPPLIERS } from "./documents";
import { deliveryKey, receiptOf } from "./receipt";

type PurchaseOrder = PurchaseOrderFieldsFragment;

const STATE_FILTERS: { value: string; label: string; states: OmsPurchaseOrderState[] | null }[] = [
  { value: "open", label: "open (draft, sent, partly received)", states: ["DRAFT", "SENT", "PARTIALLY_RECEIVED"] },
  { value: "DRAFT", label: "draft", states: ["DRAFT"] },
  { value: "SENT", label: "sent", states: ["SENT", "PARTIALLY_RECEIVED"] },
  { value: "RECEIVED", label: "received", states: ["RECEIVED"] },
  { value: "CANCELLED", label: "cancelled", states: ["CANCELLED"] },
  { value: "", label: "all", states: null },
];

export function PurchaseOrders({ openId, onOpen }: { openId?: string; onOpen: (id: string | undefined) => void }) {
  if (openId) return <PurchaseOrderPage id={openId} onBack={() => onOpen(undefined)} />;
  return <PurchaseOrderList onOpen={onOpen} />;
}

function PurchaseOrderList({ onOpen }: { onOpen: (id: string) => void }) {
  const [state, setState] = useState("open");
  const [supplierId, setSupplierId] = useState("");
  const [search, setSearch] = useState("");
  const suppliers = useQuery(SUPPLIERS, { first: 100 });
  const query = useQuery(PURCHASE_ORDERS, {
    states: STATE_FILTERS.find((item) => item.value === state)?.states ?? null,
    supplierId: supplierId || null,
    search: search.trim() || null,
    first: 100,
  });
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Card title={`Purchase orders${query.data ? ` (${query.data.purchaseOrders.totalCount})` : ""}`}>
      <Box display="flex" gap={3} alignItems="flex-end" marginBottom={4} flexWrap="wrap">
        <Select label="State" value={state} onChange={(event) => setState(event.target.value)} options={STATE_FILTERS} />
        <Select
          label="Supplier"
          value={supplierId}
          onChange={(event) => setSupplierId(event.target.value)}
          options={[{ value: "", label: "all" }, ...(suppliers.data ? nodes(suppliers.data.suppliers) : []).map((supplier) => ({ value: supplier.id, label: supplier.name }))]}
        />
        <Input label="Number or SKU" size="small" value={search} onChange={(event) => setSearch(event.target.value)} />
      </Box>
      <QueryBody {...query} empty={(data) => (data.purchaseOrders.edges.length ? null : { title: "No purchase orders", text: "Create them from the purchase suggestions." })}>
        {(data) => (
          <Table head={["Number", "Supplier", "Deliver to", "State", "Expected", "Open units", "Total", "Created"]} testId="purchase-orders">
            {nodes(data.purchaseOrders).map((order) => {
              const late = order.lateAt !== null || (order.expectedOn !== null && order.expectedOn < today && ["SENT", "PARTIALLY_RECEIVED"].includes(order.state));
              return (
                <tr key={order.id} data-testid={`po-${order.number}`}>
                  <Cell>
                    <Box as="button" onClick={() => onOpen(order.id)} backgroundColor="transparent" borderWidth={0} cursor="pointer" padding={0}>
                      <Text size={3} fontWeight="bold" color="accent1">
                        {order.number}
                      </Text>
                    </Box>
                  </Cell>
                  <Cell>{order.supplier.name}</Cell>
                  <Cell>{order.location.name}</Cell>
                  <Cell>
                    <StatusChip status={order.state} />
                  </Cell>
                  <Cell>
                    <Text size={3} color={late ? "critical1" : "default1"}>
                      {order.expectedOn ?? "—"}
                      {late ? " (late)" : ""}
                    </Text>
                  </Cell>
                  <Cell>{order.openUnits}</Cell>
                  <Cell>{money(order.totalValue, order.currency)}</Cell>
                  <Cell>{formatDate(order.createdAt)}</Cell>
                </tr>
              );
            })}
          </Table>
        )}
      </QueryBody>
    </Card>
  );
}

export function PurchaseOrderPage({ id, onBack }: { id: string; onBack: () => void }) {
  const query = useQuery(PURCHASE_ORDER, { id });
  return (
    <>
      <Box marginBottom={3}>
        <Button variant="tertiary" size="small" onClick={onBack}>
          ← All purchase orders
        </Button>
      </Box>
      <QueryBody {...query} empty={(data) => (data.purchaseOrder ? null : { title: "No such purchase order" })}>
        {(data) => data.purchaseOrder && <PurchaseOrderView key={`${data.purchaseOrder.id}-${data.purchaseOrder.state}`} order={data.purchaseOrder} onChanged={query.reload} />}
      </QueryBody>
    </>
  );
}

function PurchaseOrderView({ order, onChanged }: { order: PurchaseOrder; onChanged: () => void }) {
  const { openUrl } = useApp();
  const { busy, errors, mutate } = useMutation();
  const draft = order.state === "DRAFT";
  const receivable = order.state === "SENT" || order.state === "PARTIALLY_RECEIVED";
  const cancellable = draft || (order.state === "SENT" && order.lines.every((line) => line.quantityReceived === 0));

  const send = async (email: boolean) => {
    const done = await mutate(PURCHASE_ORDER_SEND, { id: order.id, email }, "purchaseOrderSend", email ? `${order.number} e-mailed to ${order.supplier.email}` : `${order.number} marked as sent`);
    if (done) onChanged();
  };
  const cancel = async (reason: string) => {
    const done = await mutate(PURCHASE_ORDER_CANCEL, { id: order.id, reason }, "purchaseOrderCancel", `${order.number} cancelled`);
    if (done) onChanged();
  };

  return (
    <>
      <Card
        title={`${order.number} · ${order.supplier.name}`}
        actions={
          <>
            <Button variant="tertiary" size="small" onClick={() => openUrl(order.pdfUrl)}>
              PDF
            </Button>
            <Button variant="tertiary" size="small" onClick={() => openUrl(order.csvUrl)}>
              CSV
            </Button>
            {draft && (
              <>
                <Button variant="primary" size="small" disabled={busy || !order.supplier.email} onClick={() => send(true)} title={order.supplier.email ? undefined : "The supplier has no e-mail address"}>
                  Send by e-mail
                </Button>
                <Button variant="secondary" size="small" disabled={busy} onClick={() => send(false)}>
                  Mark as sent
                </Button>
              </>
            )}
            {cancellable && <ConfirmButton label="Cancel order" question={`Cancel ${order.number}?`} confirmLabel="Cancel it" reasonLabel="Reason" disabled={busy} onConfirm={cancel} />}
          </>
        }
      >
        <Box display="grid" gap={3} marginBottom={4} style={{ gridTemplateColumns: "repeat(auto-fill, minmax(180px, 1fr))" }} data-testid="po-summary">
          <Fact label="State" value={<StatusChip status={order.state} />} />
          <Fact label="Deliver to" value={order.location.name} />
          <Fact label="Expected" value={order.expectedOn ?? "—"} />
          <Fact label="Total" value={money(order.totalValue, order.currency)} />
          <Fact label="Still to come" value={`${order.openUnits} units · ${money(order.openValue, order.currency)}`} />
          <Fact label="Sent" value={order.sentAt ? `${formatDate(order.sentAt)}${order.emailedAt ? " (e-mailed)" : ""}` : "—"} />
          {order.lateAt && <Fact label="Late since" value={formatDate(order.lateAt)} />}
          {order.receivedAt && <Fact label="Received" value={formatDate(order.receivedAt)} />}
          {order.cancelledAt && <Fact label="Cancelled" value={formatDate(order.cancelledAt)} />}
        </Box>
        <FieldErrors errors={errors} />
        {draft ? (
          <DraftEditor order={order} onSaved={onChanged} />
        ) : (
          <>
            {order.notes && (
              <Text as="p" size={2} marginBottom={3}>
                {order.notes}
              </Text>
            )}
            <LinesTable order={order} />
          </>
        )}
      </Card>
      {receivable && <ReceiveForm order={order} onReceived={onChanged} />}
    </>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Text size={2} color="default2">
        {label}
      </Text>
      {typeof value === "string" ? <Text size={3}>{value}</Text> : value}
    </Box>
  );
}

function LinesTable({ order }: { order: PurchaseOrder }) {
  return (
    <Table head={["SKU", "Supplier SKU", "Ordered", "Received", "Open", "Unit cost"]} testId="po-lines">
      {order.lines.map((line) => (
        <tr key={line.id}>
          <Cell>{line.sku}</Cell>
          <Cell>{line.supplierSku || "—"}</Cell>
          <Cell>{line.quantityOrdered}</Cell>
          <Cell>{line.quantityReceived}</Cell>
          <Cell>{line.quantityOpen}</Cell>
          <Cell>{money(line.unitCost, order.currency)}</Cell>
        </tr>
      ))}
    </Table>
  );
}

/** A draft's expected date, notes and line quantities (the lines are replaced as a whole). */
function DraftEditor({ order, onSaved }: { order: PurchaseOrder; onSaved: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [expectedOn, setExpectedOn] = useState(order.expectedOn ?? "");
  const [notes, setNotes] = useState(order.notes);
  const [quantities, setQuantities] = useState<Record<string, string>>(() => Object.fromEntries(order.lines.map((line) => [line.id, String(line.quantityOrdered)])));
  const bad = order.lines.filter((line) => !/^\d+$/.test((quantities[line.id] ?? "").trim()) || Number(quantities[line.id]) === 0);

  const save = async () => {
    if (bad.length) return;
    const input = {
      expectedOn: expectedOn || null,
      notes,
      lines: order.lines.map((line) => ({ sku: line.sku, quantity: Number(quantities[line.id]), unitCost: line.unitCost })),
    };
    const done = await mutate(PURCHASE_ORDER_UPDATE, { id: order.id, input }, "purchaseOrderUpdate", `${order.number} saved`);
    if (done) onSaved();
  };
  return (
    <Box display="flex" flexDirection="column" gap={3} data-testid="po-draft">
      <Box display="flex" gap={3} flexWrap="wrap">
        <Input label="Expected on" type="date" size="small" value={expectedOn} onChange={(event) => setExpectedOn(event.target.value)} error={Boolean(errorFor(errors, "expectedOn"))} helperText={errorFor(errors, "expectedOn")} />
        <Input label="Notes" size="small" value={notes} onChange={(event) => setNotes(event.target.value)} style={{ minWidth: 320 }} />
      </Box>
      <Table head={["SKU", "Supplier SKU", "Quantity", "Unit cost", "Line total"]} testId="po-lines">
        {order.lines.map((line) => (
          <tr key={line.id}>
            <Cell>{line.sku}</Cell>
            <Cell>{line.supplierSku || "—"}</Cell>
            <Cell>
              <Input
                size="small"
                type="number"
                min={1}
                aria-label={`Quantity of ${line.sku}`}
                value={quantities[line.id] ?? ""}
                onChange={(event) => setQuantities({ ...quantities, [line.id]: event.target.value })}
                error={bad.includes(line)}
                style={{ width: 100 }}
              />
            </Cell>
            <Cell>{money(line.unitCost, order.currency)}</Cell>
            <Cell>{bad.includes(line) ? "—" : money(Number(quantities[line.id]) * Number(line.unitCost), order.currency)}</Cell>
          </tr>
        ))}
      </Table>
      <FieldErrors errors={errors} />
      <Box>
        <Button size="small" variant="secondary" disabled={busy || bad.length > 0} onClick={save}>
          Save draft
        </Button>
      </Box>
    </Box>
  );
}

/** A delivery: units per line, checked against what is still open before anything is sent. */
export function ReceiveForm({ order, onReceived }: { order: PurchaseOrder; onReceived: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const open = useMemo(() => order.lines.filter((line) => line.quantityOpen > 0), [order.lines]);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  // One key per delivery: a retry after a lost answer is not received twice.
  const [key, setKey] = useState(deliveryKey);
  const receipt = receiptOf(open, typed);

  const receive = async () => {
    setTried(true);
    if (receipt.problem || Object.keys(receipt.errors).length) return;
    const done = await mutate(PURCHASE_ORDER_RECEIVE, { id: order.id, key, lines: receipt.lines }, "purchaseOrderReceive", `Received ${receipt.lines.reduce((sum, line) => sum + line.quantity, 0)} units of ${order.number}`);
    if (done) {
      setTyped({});
      setTried(false);
      setKey(deliveryKey());
      onReceived();
    }
  };
  return (
    <Card title="Receive a delivery">
      <Box display="flex" flexDirection="column" gap={3} data-testid="receive-form">
        <Table head={["SKU", "Open", "Received now"]}>
          {open.map((line) => (
            <tr key={line.id}>
              <Cell>{line.sku}</Cell>
              <Cell>{line.quantityOpen}</Cell>
              <Cell>
                <Input
                  size="small"
                  type="number"
                  min={0}
                  max={line.quantityOpen}
                  aria-label={`Received of ${line.sku}`}
                  value={typed[line.id] ?? ""}
                  placeholder="0"
                  onChange={(event) => setTyped({ ...typed, [line.id]: event.target.value })}
                  error={Boolean(receipt.errors[line.id] ?? errorFor(errors, "lines"))}
                  helperText={receipt.errors[line.id]}
                  style={{ width: 120 }}
                />
              </Cell>
            </tr>
          ))}
        </Table>
        <Box display="flex" gap={2} alignItems="center">
          <Button size="small" variant="secondary" onClick={() => setTyped(Object.fromEntries(open.map((line) => [line.id, String(line.quantityOpen)])))}>
            Everything open
          </Button>
          <Button size="small" variant="primary" disabled={busy || Object.keys(receipt.errors).length > 0} onClick={receive}>
            Receive
          </Button>
          {tried && receipt.problem && (
            <Text size={2} color="critical1" role="alert">
              {receipt.problem}
            </Text>
          )}
        </Box>
        <FieldErrors errors={errors} />
      </Box>
    </Card>
  );
}
