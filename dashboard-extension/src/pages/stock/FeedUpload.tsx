/**
 * A stock count uploaded by staff for a feed source (`stockFeedSubmit`): a CSV with a header
 * row naming `sku`, `quantity` and optionally `location` (slug) and `mode`, sent as the
 * source's next sequence under a fresh idempotency key. Bad lines are reported per line.
 */

import { useState } from "react";
import { Box, Button, Text } from "@saleor/macaw-ui";

import { graphql } from "../../api/graphql";
import type { FeedSubmitMutation } from "../../api/generated/operations";
import { useMutation } from "../../app/mutation";
import { FieldErrors } from "../../components/forms";
import { Cell, StatusChip, Table } from "../../components/ui";
import type { FeedSource } from "./FeedSources";

export const FEED_SUBMIT = graphql(`
mutation FeedSubmit($input: OmsStockFeedSubmitInput!) {
  stockFeedSubmit(input: $input) {
    replayed
    run { id status linesTotal linesApplied linesFailed lines { line sku location status code message delta } }
    errors { field message code }
  }
}`);

export interface FeedLine {
  sku: string;
  quantity: number;
  location?: string;
  mode?: "ABSOLUTE" | "DELTA";
}

type SubmitPayload = FeedSubmitMutation["stockFeedSubmit"];

// randomUUID needs a secure context: plain-http development falls back to time and randomness.
const uniqueSuffix = () => (typeof crypto.randomUUID === "function" ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/** The lines of a CSV count, or the first problem found (with its line number). */
export function parseCount(text: string): { lines: FeedLine[] } | { problem: string } {
  const rows = text.split(/\r?\n/).map((row) => row.trim()).filter(Boolean);
  if (rows.length < 2) return { problem: "A header row and at least one line are needed." };
  const cells = (row: string) => row.split(",").map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
  const header = cells(rows[0]).map((name) => name.toLowerCase());
  const column = (name: string) => header.indexOf(name);
  if (column("sku") < 0 || column("quantity") < 0) return { problem: "The header row must name sku and quantity." };
  const lines: FeedLine[] = [];
  for (const [index, row] of rows.slice(1).entries()) {
    const values = cells(row);
    const quantity = Number(values[column("quantity")]);
    if (!Number.isInteger(quantity)) return { problem: `Line ${index + 1}: the quantity is not a whole number.` };
    const mode = column("mode") >= 0 ? values[column("mode")]?.toUpperCase() : "";
    if (mode && mode !== "ABSOLUTE" && mode !== "DELTA") return { problem: `Line ${index + 1}: the mode is ABSOLUTE or DELTA.` };
    const location = column("location") >= 0 ? values[column("location")] : "";
    lines.push({ sku: values[column("sku")] ?? "", quantity, ...(location ? { location } : {}), ...(mode ? { mode: mode as FeedLine["mode"] } : {}) });
  }
  return { lines };
}

export function FeedUpload({ source, onSubmitted }: { source: FeedSource; onSubmitted: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [parsed, setParsed] = useState<ReturnType<typeof parseCount>>();
  const [result, setResult] = useState<SubmitPayload>();
  const submit = async () => {
    if (!parsed || !("lines" in parsed)) return;
    const input = {
      source: source.name,
      idempotencyKey: `dashboard-${source.name}-${uniqueSuffix()}`,
      sequence: Number(source.lastSequence ?? 0) + 1,
      lines: parsed.lines,
    };
    const done = await mutate(FEED_SUBMIT, { input }, "stockFeedSubmit", `Count for ${source.name} submitted`);
    if (done) {
      setResult(done);
      setParsed(undefined);
      onSubmitted();
    }
  };
  return (
    <Box display="flex" flexDirection="column" gap={2} data-testid={`feed-upload-${source.name}`}>
      <input
        type="file"
        accept=".csv,text/csv"
        aria-label={`Count for ${source.name}`}
        onChange={async (event) => {
          const file = event.target.files?.[0];
          setResult(undefined);
          setParsed(file ? parseCount(await file.text()) : undefined);
        }}
      />
      {parsed && "problem" in parsed && (
        <Text color="critical1" role="alert">
          {parsed.problem}
        </Text>
      )}
      {parsed && "lines" in parsed && (
        <Box display="flex" gap={2} alignItems="center">
          <Text size={2}>
            {parsed.lines.length} lines, sent as sequence {Number(source.lastSequence ?? 0) + 1}
          </Text>
          <Button size="small" variant="primary" disabled={busy} onClick={submit}>
            Submit count
          </Button>
        </Box>
      )}
      <FieldErrors errors={errors} />
      {result?.run && (
        <Box display="flex" flexDirection="column" gap={1} data-testid="feed-upload-result">
          <Text size={2}>
            <StatusChip status={result.run.status} /> {result.run.linesApplied} of {result.run.linesTotal} lines applied
          </Text>
          {result.run.linesFailed > 0 && (
            <Table head={["Line", "SKU", "Location", "Code", "Message"]}>
              {result.run.lines
                .filter((line) => line.status === "FAILED")
                .map((line) => (
                  <tr key={line.line}>
                    <Cell>{line.line}</Cell>
                    <Cell>{line.sku || "—"}</Cell>
                    <Cell>{line.location || "—"}</Cell>
                    <Cell>{line.code ?? "—"}</Cell>
                    <Cell>{line.message}</Cell>
                  </tr>
                ))}
            </Table>
          )}
        </Box>
      )}
    </Box>
  );
}
