/**
 * Picking by scan: the documents, and which stop a scan is about. A scan that names a bin of
 * the list is the bin; anything else is an item, confirmed in the bin scanned last (the OMS
 * checks both and refuses a wrong bin, item or count with nothing recorded).
 */

import { graphql } from "../../api/graphql";
import type { PickLineFragment } from "../../api/generated/operations";

export const PICK_LINE = graphql(`
fragment PickLine on OmsPickListLine { id position sku quantity picked short openQuantity bin { code zone { code } } splits { tote releaseId quantity picked short } }`);

export const PICK_SCAN = graphql(`
mutation PickScan($line: ID!, $bin: String!, $item: String!, $quantity: Int) {
  pickScan(pickListLine: $line, binCode: $bin, itemCode: $item, quantity: $quantity) { line { ...PickLine } errors { field message code } }
}`, PICK_LINE);
export const PICK_SHORT = graphql(`
mutation PickShort($line: ID!, $quantity: Int!) { pickShort(pickListLine: $line, quantity: $quantity) { line { ...PickLine } errors { field message code } } }`, PICK_LINE);

export type PickLine = PickLineFragment;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The next stop along the walk: the first line with units still to pick. */
export function nextStop(lines: PickLine[]): PickLine | undefined {
  return [...lines].sort((a, b) => a.position - b.position).find((line) => line.openQuantity > 0);
}

/** The bin a scan names, if it is one of the list's. */
export function binNamed(lines: PickLine[], code: string): string | undefined {
  return lines.find((line) => same(line.bin.code, code))?.bin.code;
}

/** The open line of `bin` an item scan is for: the one whose SKU was scanned, else the first. */
export function lineFor(lines: PickLine[], bin: string, code: string): PickLine | undefined {
  const open = lines.filter((line) => same(line.bin.code, bin) && line.openQuantity > 0).sort((a, b) => a.position - b.position);
  return open.find((line) => same(line.sku, code)) ?? open[0];
}
