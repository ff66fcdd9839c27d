/**
 * Inbound stock feeds: the sources (`stockFeedSourceSave`: name, default mode and location),
 * where each one uploads its CSV, a count uploaded by staff (`stockFeedSubmit`, ./FeedUpload),
 * and the runs received.
 */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { nodes } from "../../api/client";
import { graphql } from "../../api/graphql";
import type { FeedSourceFragment } from "../../api/generated/operations";
import { useQuery } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { FieldErrors } from "../../components/forms";
import { Card, Cell, QueryBody, Select, StatusChip, Table, formatDate } from "../../components/ui";
import { useLocations } from "../../queries/locations";
import { FeedUpload } from "./FeedUpload";

export const FEED_SOURCE = graphql(`
fragment FeedSource on OmsStockFeedSource { id name mode lastSequence updatedAt defaultLocation { id name } }`);
export const FEED_SOURCES = graphql(`query FeedSources { stockFeeds { ...FeedSource } }`, FEED_SOURCE);
export const FEED_RUNS = graphql(`
query FeedRuns { stockFeedRuns(first: 50) { edges { node { id source channel status linesTotal linesApplied linesFailed createdAt } } } }`);
export const FEED_SOURCE_SAVE = graphql(`
mutation FeedSourceSave($input: OmsStockFeedSourceSaveInput!) { stockFeedSourceSave(input: $input) { source { ...FeedSource } errors { field message code } } }`, FEED_SOURCE);

export type FeedSource = FeedSourceFragment;

/** Where a source posts its CSV (the OMS serves this app, so it is this page's origin). */
export function csvUploadUrl(name: string, origin = window.location.origin): string {
  return `${origin}/api/feeds/${encodeURIComponent(name)}/csv`;
}

export function FeedSources() {
  const sources = useQuery(FEED_SOURCES);
  const runs = useQuery(FEED_RUNS);
  const [editing, setEditing] = useState<FeedSource | null>(null);
  const [uploading, setUploading] = useState<string>();
  const uploadSource = sources.data?.stockFeeds.find((source) => source.id === uploading);
  return (
    <>
      <Card title="Feed sources">
        <Text as="p" color="default2" marginBottom={3}>
          A store system, 3PL or marketplace sending stock counts. It posts a CSV (columns sku, quantity, location, mode) to its upload
          URL with an API key holding MANAGE_PRODUCTS (Settings → API keys), an Idempotency-Key header and ?sequence=.
        </Text>
        <QueryBody {...sources} empty={(data) => (data.stockFeeds.length ? null : { title: "No feed sources yet" })}>
          {(data) => (
            <Table head={["Name", "Mode", "Default location", "Last sequence", "CSV upload URL", ""]} testId="feed-sources">
              {data.stockFeeds.map((source) => (
                <tr key={source.id} data-testid={`feed-source-${source.name}`}>
                  <Cell>{source.name}</Cell>
                  <Cell>{source.mode.toLowerCase()}</Cell>
                  <Cell>{source.defaultLocation?.name ?? "—"}</Cell>
                  <Cell>{source.lastSequence ?? "—"}</Cell>
                  <Cell>
                    <Box as="code" fontSize={2} style={{ wordBreak: "break-all" }}>
                      {csvUploadUrl(source.name)}
                    </Box>
                  </Cell>
                  <Cell>
                    <Box display="flex" gap={1}>
                      <Button size="small" variant="tertiary" onClick={() => setEditing(source)}>
                        Change
                      </Button>
                      <Button size="small" variant="tertiary" onClick={() => setUploading(uploading === source.id ? undefined : source.id)}>
                        Upload count
                      </Button>
                    </Box>
                  </Cell>
                </tr>
              ))}
            </Table>
          )}
        </QueryBody>
        {uploadSource && (
          <Box marginTop={4} display="flex" flexDirection="column" gap={2}>
            <Text fontWeight="bold">Upload a count for {uploadSource.name} (CSV: sku, quantity[, location][, mode])</Text>
            <FeedUpload
              key={uploadSource.id}
              source={uploadSource}
              onSubmitted={() => {
                sources.reload();
                runs.reload();
              }}
            />
          </Box>
        )}
      </Card>
      <SourceForm key={editing?.id ?? "new"} source={editing} onSaved={() => { setEditing(null); sources.reload(); }} onCancel={() => setEditing(null)} />
      <Card title="Feed runs (newest 50)" actions={<Button variant="tertiary" onClick={runs.reload}>Refresh</Button>}>
        <QueryBody {...runs} empty={(data) => (data.stockFeedRuns.edges.length ? null : { title: "No feed runs", text: "Runs appear once a source sends a feed." })}>
          {(data) => (
            <Table head={["Received", "Source", "Via", "Status", "Lines", "Applied", "Failed"]}>
              {nodes(data.stockFeedRuns).map((run) => (
                <tr key={run.id}>
                  <Cell>{formatDate(run.createdAt)}</Cell>
                  <Cell>{run.source}</Cell>
                  <Cell>{run.channel}</Cell>
                  <Cell>
                    <StatusChip status={run.status} />
                  </Cell>
                  <Cell>{run.linesTotal}</Cell>
                  <Cell>{run.linesApplied}</Cell>
                  <Cell>
                    <Text size={3} color={run.linesFailed ? "critical1" : "default1"}>{run.linesFailed}</Text>
                  </Cell>
                </tr>
              ))}
            </Table>
          )}
        </QueryBody>
      </Card>
    </>
  );
}

function SourceForm({ source, onSaved, onCancel }: { source: FeedSource | null; onSaved: () => void; onCancel: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const { locations } = useLocations();
  const [name, setName] = useState(source?.name ?? "");
  const [mode, setMode] = useState(source?.mode ?? "ABSOLUTE");
  const [locationId, setLocationId] = useState(source?.defaultLocation?.id ?? "");
  const [saved, setSaved] = useState<FeedSource>();
  const save = async () => {
    const done = await mutate(
      FEED_SOURCE_SAVE,
      { input: { name: name.trim(), mode, defaultLocationId: locationId || null } },
      "stockFeedSourceSave",
      `Feed source ${name.trim()} saved`,
    );
    if (done) {
      setSaved(done.source ?? undefined);
      if (!source) {
        setName("");
        setLocationId("");
      }
      onSaved();
    }
  };
  return (
    <Card title={source ? `Change ${source.name}` : "New feed source"} actions={source ? <Button variant="tertiary" onClick={onCancel}>Close</Button> : undefined}>
      <Box display="flex" gap={3} alignItems="flex-end" flexWrap="wrap" data-testid="feed-source-form">
        <Input label="Name" size="small" value={name} disabled={Boolean(source)} onChange={(event) => setName(event.target.value)} error={Boolean(errorFor(errors, "name"))} helperText={errorFor(errors, "name")} />
        <Select
          label="Default mode"
          value={mode}
          onChange={(event) => setMode(event.target.value as FeedSource["mode"])}
          options={[
            { value: "ABSOLUTE", label: "absolute (sets on hand)" },
            { value: "DELTA", label: "delta (adds to on hand)" },
          ]}
        />
        <Select
          label="Default location"
          value={locationId}
          onChange={(event) => setLocationId(event.target.value)}
          options={[{ value: "", label: "none (lines name it)" }, ...locations.map((location) => ({ value: location.id, label: location.name }))]}
        />
        <Button variant="primary" disabled={busy || !name.trim()} onClick={save}>
          {source ? "Save source" : "Create source"}
        </Button>
      </Box>
      <FieldErrors errors={errors} />
      {saved && (
        <Box marginTop={3} padding={3} borderRadius={3} backgroundColor="default2" data-testid="feed-source-upload">
          <Text fontWeight="bold">Upload URL of {saved.name}:</Text>
          <Box as="pre" marginTop={2} fontSize={2} style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
            {`curl -X POST "${csvUploadUrl(saved.name)}?sequence=1" \\\n  -H "Authorization: Bearer <API key with MANAGE_PRODUCTS>" \\\n  -H "Idempotency-Key: <unique per upload>" -H "Content-Type: text/csv" --data-binary @stock.csv`}
          </Box>
        </Box>
      )}
    </Card>
  );
}
