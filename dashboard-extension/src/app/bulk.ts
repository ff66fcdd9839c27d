/** Bulk actions: one action per item, in sequence, with progress and a tally. */

import { errorMessage } from "../api/client";

export interface BulkOutcome {
  done: number;
  failed: { label: string; message: string }[];
}

export async function runBulk<T>(
  items: T[],
  label: (item: T) => string,
  action: (item: T) => Promise<unknown>,
  onProgress: (done: number) => void,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { done: 0, failed: [] };
  for (const [index, item] of items.entries()) {
    try {
      await action(item);
      outcome.done += 1;
    } catch (error) {
      outcome.failed.push({ label: label(item), message: errorMessage(error) });
    }
    onProgress(index + 1);
  }
  return outcome;
}
