/**
 * A delivery as typed into the receive form: units per line, each a whole number from 0 to
 * what is still open, at least one unit in all. A blank field is 0.
 */

export interface OpenLine {
  id: string;
  sku: string;
  quantityOpen: number;
}

export interface Receipt {
  /** The lines receiving something, as purchaseOrderReceive takes them. */
  lines: { lineId: string; quantity: number }[];
  /** The problem with each refused field, by line id. */
  errors: Record<string, string>;
  /** What is wrong with the whole delivery (nothing received). */
  problem?: string;
}

export function receiptOf(open: OpenLine[], typed: Record<string, string>): Receipt {
  const receipt: Receipt = { lines: [], errors: {} };
  for (const line of open) {
    const text = (typed[line.id] ?? "").trim();
    if (text === "") continue;
    if (!/^\d+$/.test(text)) {
      receipt.errors[line.id] = "A whole number of units, 0 or more.";
      continue;
    }
    const quantity = Number(text);
    if (quantity > line.quantityOpen) {
      receipt.errors[line.id] = `Only ${line.quantityOpen} still open.`;
      continue;
    }
    if (quantity > 0) receipt.lines.push({ lineId: line.id, quantity });
  }
  if (Object.keys(receipt.errors).length === 0 && receipt.lines.length === 0) receipt.problem = "Enter the units that arrived.";
  return receipt;
}

/** Names one delivery (purchaseOrderReceive's idempotency key): a retried click sends it again. */
export function deliveryKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
