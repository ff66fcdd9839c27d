/**
 * The pack station's documents and the rules that read a task: which step the packer is at,
 * which box comes next, what a typed weight means. Plain functions, tested on their own.
 */

import { graphql } from "../../api/graphql";
import type { PackTaskFragment, ParcelFragment } from "../../api/generated/operations";

export const PARCEL = graphql(`
fragment Parcel on OmsParcel { id releaseId boxCode weightG state carrier service trackingNumber labelUrl createdAt }`);

export const PACK_TASK = graphql(`
fragment PackTask on OmsPackTask {
  orderNumber tote complete expectedWeightG weightToleranceG
  release { id state }
  lines { lineId sku barcode productName quantity scanned }
  suggestions { boxCount emptyVolumeCm3 cost byVolumeOnly boxes { code name items weightG } }
  parcels { ...Parcel }
}`);

export const PACK_STATION = graphql(`
query PackStation($locationId: ID!, $scan: String!) { packStation(locationId: $locationId, scan: $scan) { ...PackTask } }`, PACK_TASK, PARCEL);
export const PACK_START = graphql(`
mutation PackStart($releaseId: ID!) { packStart(releaseId: $releaseId) { task { ...PackTask } errors { field message code } } }`, PACK_TASK, PARCEL);
export const PACK_SCAN = graphql(`
mutation PackScan($releaseId: ID!, $code: String!) { packScan(releaseId: $releaseId, code: $code) { task { ...PackTask } errors { field message code } } }`, PACK_TASK, PARCEL);
export const PACK_PARCEL_CLOSE = graphql(`
mutation PackParcelClose($releaseId: ID!, $boxCode: String!, $weightG: Int!, $override: Boolean) {
  packParcelClose(releaseId: $releaseId, boxCode: $boxCode, weightG: $weightG, override: $override) { task { ...PackTask } errors { field message code } }
}`, PACK_TASK, PARCEL);
export const RELEASE_SHIP = graphql(`
mutation ReleaseShip($releaseId: ID!, $carrier: String!, $service: String, $trackingNumber: String) {
  releaseShip(releaseId: $releaseId, carrier: $carrier, service: $service, trackingNumber: $trackingNumber) {
    release { id state } parcels { ...Parcel } errors { field message code }
  }
}`, PARCEL);
export const CARRIERS = graphql(`query Carriers { carriers { code name services manualTracking } }`);
export const PACK_BOXES = graphql(`query PackBoxes($locationId: ID!) { warehouseLayout(locationId: $locationId) { boxTypes { code name isActive } } }`);

export type PackTask = PackTaskFragment;
export type Parcel = ParcelFragment;

/** Where the packer is: scan an order, its items, box and weigh parcels, ship, shipped. */
export type Step = "order" | "items" | "box" | "ship" | "done";

/** Parcels that count: closed (or later) and not voided. */
export function closedParcels(task: PackTask): Parcel[] {
  return task.parcels.filter((parcel) => parcel.state !== "OPEN" && parcel.state !== "VOIDED");
}

export function stepOf(task: PackTask | undefined, plannedParcels: number, shipped: boolean): Step {
  if (!task) return "order";
  if (shipped || task.release.state === "SHIPPED") return "done";
  if (!task.complete) return "items";
  if (closedParcels(task).length < Math.max(1, plannedParcels)) return "box";
  return "ship";
}

/** The box of the next parcel: the packer's choice, else the chosen suggestion's next box. */
export function nextBox(task: PackTask, suggestion: number, chosen: string | undefined): string | undefined {
  if (chosen) return chosen;
  const boxes = task.suggestions[suggestion]?.boxes ?? [];
  return (boxes[closedParcels(task).length] ?? boxes[0])?.code;
}

/** Grams from what was typed or a scale sent: `850`, `850 g`, `1.2 kg`; null for anything else. */
export function gramsOf(text: string): number | null {
  const match = /^(\d+(?:[.,]\d+)?)\s*(kg|g)?$/i.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1].replace(",", "."));
  const grams = match[2]?.toLowerCase() === "kg" ? value * 1000 : value;
  return Number.isFinite(grams) && grams > 0 ? Math.round(grams) : null;
}

/** The line a scan counted: the first whose scanned count went up. */
export function lineCounted(before: PackTask, after: PackTask): PackTask["lines"][number] | undefined {
  return after.lines.find((line) => line.scanned > (before.lines.find((old) => old.lineId === line.lineId)?.scanned ?? 0));
}

export function unitsOf(task: PackTask): { scanned: number; total: number } {
  return task.lines.reduce((sum, line) => ({ scanned: sum.scanned + line.scanned, total: sum.total + line.quantity }), { scanned: 0, total: 0 });
}
