/**
 * The import of the store's data from Saleor, when it needs attention: still running, retrying
 * after a failure that may pass, failed, or done with records Saleor could not return. A
 * finished clean import shows nothing. Viewers who may not see the import (it needs
 * MANAGE_APPS or MANAGE_ORDERS) see nothing either.
 */

import { useEffect } from "react";
import { Box, Button, Text } from "@saleor/macaw-ui";

import { payloadOf } from "../api/client";
import { graphql } from "../api/graphql";
import type { ImportRunFragment, OmsImportState } from "../api/generated/operations";
import { useApp } from "../app/AppContext";
import { useAction, useQuery } from "../app/hooks";
import { formatDate } from "../components/ui";

export const IMPORT_RUN = graphql(`
fragment ImportRun on OmsImport { state startedAt finishedAt attempts orders locations stockRows skipped { kind saleorId reason } errors }`);
export const IMPORT_STATE = graphql(`query ImportState { tenant { import { ...ImportRun } } }`, IMPORT_RUN);
export const IMPORT_START = graphql(`mutation ImportStart { tenantImportStart { import { ...ImportRun } errors { field message code } } }`, IMPORT_RUN);

export type ImportState = OmsImportState;
export type ImportRun = ImportRunFragment;
type SkippedRecord = ImportRun["skipped"][number];

/** How often the banner looks again while an import is under way. */
export const POLL_MS = 5000;

const KIND_LABEL: Record<SkippedRecord["kind"], string> = { ORDER: "Order", LOCATION: "Warehouse", VARIANT: "Variant stock" };

function inFlight(run: ImportRun): boolean {
  return run.state === "RUNNING" || run.state === "RETRYING";
}

/** The banner's headline and tone for a run; null when there is nothing to say. */
export function importSummary(run: ImportRun): { title: string; text: string; tone: "critical1" | "warning1" | "accent1" } | null {
  const counts = `${run.orders} orders, ${run.locations} warehouses, ${run.stockRows} stock rows`;
  switch (run.state) {
    case "SUCCEEDED":
      return null;
    case "NOT_STARTED":
      return { title: "Your store's data has not been imported from Saleor", text: "Orders, warehouses and stock appear here once the import has run.", tone: "warning1" };
    case "RUNNING":
      return { title: "Importing your store's data from Saleor…", text: `${counts} so far (started ${formatDate(run.startedAt)}).`, tone: "accent1" };
    case "RETRYING":
      return { title: "The import from Saleor will try again", text: `Attempt ${run.attempts} met a failure that may pass; it is retried shortly.`, tone: "warning1" };
    case "FAILED":
      return { title: "The import from Saleor failed", text: `${counts} imported before it stopped. Fix the cause below, then run it again.`, tone: "critical1" };
    case "COMPLETED_WITH_SKIPS": {
      const n = run.skipped.length;
      return { title: `Import completed with ${n} skipped record${n === 1 ? "" : "s"}`, text: `${counts} imported. Saleor could not return the records below.`, tone: "warning1" };
    }
  }
}

export function ImportBanner() {
  const { client } = useApp();
  const { busy, run } = useAction();
  // Quiet: a viewer without the permission simply has no banner.
  const state = useQuery(IMPORT_STATE, {}, { quiet: true });
  const current = state.data?.tenant?.import ?? undefined;
  const { reload } = state;
  const polling = current !== undefined && inFlight(current);

  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [polling, reload]);

  if (!current) return null;
  const summary = importSummary(current);
  if (!summary) return null;

  const start = () =>
    run(async () => {
      const data = await client.request(IMPORT_START);
      payloadOf(data.tenantImportStart);
      reload();
    }, "Import started");

  return (
    <Box padding={4} marginBottom={5} borderRadius={4} backgroundColor={summary.tone} role="status" id="import" data-testid="import-banner" data-state={current.state}>
      <Box display="flex" justifyContent="space-between" alignItems="center" gap={4}>
        <Box display="flex" flexDirection="column" gap={1}>
          <Text fontWeight="bold">{summary.title}</Text>
          <Text size={2}>{summary.text}</Text>
        </Box>
        {!inFlight(current) && (
          <Button variant="secondary" onClick={start} disabled={busy}>
            {current.state === "NOT_STARTED" ? "Run import" : "Run import again"}
          </Button>
        )}
      </Box>
      {current.errors.length > 0 && (current.state === "FAILED" || current.state === "RETRYING") && (
        <Box as="ul" marginTop={3} data-testid="import-errors">
          {current.errors.map((error, index) => (
            <li key={index}>
              <Text size={2}>{error}</Text>
            </li>
          ))}
        </Box>
      )}
      {current.skipped.length > 0 && (
        <Box as="ul" marginTop={3} data-testid="import-skipped">
          {current.skipped.map((record) => (
            <li key={`${record.kind}:${record.saleorId}`}>
              <Text size={2}>
                {KIND_LABEL[record.kind]} <code>{record.saleorId}</code>: {record.reason}
              </Text>
            </li>
          ))}
        </Box>
      )}
    </Box>
  );
}
