/** The CSV door from the Dashboard: a file read as text, sent with orderImportCsv, answered per order. */

import { useState } from "react";
import { Box, Button, Text } from "@saleor/macaw-ui";

import type { OrderImportCsvMutation } from "../../api/generated/operations";
import { useMutation } from "../../app/mutation";
import { FieldErrors } from "../../components/forms";
import { Card, Cell, Select, StatusChip, Table } from "../../components/ui";
import { ORDER_IMPORT_CSV } from "./documents";
import { problemInWords } from "./explain";
import type { CaptureSource } from "./Sources";

type Result = OrderImportCsvMutation["orderImportCsv"]["results"][number];

/** A file's text (FileReader: every browser the Dashboard supports, and jsdom). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ""));
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}.`));
    reader.readAsText(file);
  });
}

export function CsvUpload({ sources, onImported }: { sources: CaptureSource[]; onImported: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [source, setSource] = useState("");
  const [file, setFile] = useState<File>();
  const [results, setResults] = useState<Result[]>();
  const chosen = source || sources[0]?.code || "";

  const upload = async () => {
    if (!file || !chosen) return;
    setResults(undefined);
    const csv = await readText(file);
    const done = await mutate(ORDER_IMPORT_CSV, { source: chosen, csv }, "orderImportCsv");
    if (done) {
      setResults(done.results);
      onImported();
    }
  };
  const count = (outcome: string) => results?.filter((result) => result.outcome === outcome).length ?? 0;

  return (
    <Card title="Import a CSV">
      <Text size={2} color="default2" as="p">
        One row per order line, grouped by external_reference (the columns are listed in docs/CAPTURE.md). Each order is answered on its own: a refused one does not stop the others.
      </Text>
      <Box display="flex" gap={3} alignItems="flex-end" flexWrap="wrap" marginTop={3}>
        <Select label="Import into source" value={chosen} onChange={(event) => setSource(event.target.value)} options={sources.map((item) => ({ value: item.code, label: `${item.code} (${item.name})` }))} />
        <Box as="label" display="flex" flexDirection="column" gap={1}>
          <Text size={2} color="default2">
            CSV file
          </Text>
          <input type="file" accept=".csv,text/csv" aria-label="CSV file" onChange={(event) => setFile(event.target.files?.[0])} />
        </Box>
        <Button variant="primary" disabled={busy || !file || !chosen} onClick={upload}>
          Import
        </Button>
      </Box>
      <FieldErrors errors={errors} />
      {results && (
        <Box marginTop={3} data-testid="csv-results">
          <Text size={2} as="p" data-testid="csv-summary">
            {count("ACCEPTED")} accepted, {count("DUPLICATE")} already captured, {count("REFUSED")} refused.
          </Text>
          <Table head={["Reference", "Outcome", "Why"]}>
            {results.map((result, index) => (
              <tr key={`${result.externalReference}-${index}`} data-testid={`csv-result-${result.externalReference}`}>
                <Cell>{result.externalReference || "—"}</Cell>
                <Cell>
                  <StatusChip status={result.outcome} />
                </Cell>
                <Cell>
                  {result.outcome === "DUPLICATE"
                    ? "Captured before: nothing changed."
                    : result.errors.map((error, at) => (
                        <Text key={at} size={2} as="p">
                          {problemInWords(error)}
                        </Text>
                      ))}
                </Cell>
              </tr>
            ))}
          </Table>
        </Box>
      )}
    </Card>
  );
}
