/**
 * Routing: rule sets (rules ranked by drag and drop, saved as a draft, published), a replay of
 * the draft against the published set, and each location's routing settings.
 */

import { useEffect, useMemo, useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { nodes, payloadOf } from "../api/client";
import { graphql } from "../api/graphql";
import type { ReplayQuery, RuleSetFragment } from "../api/generated/operations";
import { useApp } from "../app/AppContext";
import { useAction, useQuery } from "../app/hooks";
import { Card, Cell, Loading, PageHeader, QueryBody, StatusChip, Table, formatDate } from "../components/ui";
import { LocationSettings } from "./routing/LocationSettings";
import { RuleOrder } from "./routing/RuleOrder";
import { parseDocument, type RuleSetDocument } from "./routing/ruleList";

export const RULE_SET = graphql(`fragment RuleSet on OmsRoutingRuleSet { id name channel version state document publishedAt }`);
export const RULE_SETS = graphql(`
query RuleSets { routingRuleSets(first: 50) { totalCount edges { node { ...RuleSet } } } }`, RULE_SET);

export const CREATE = graphql(`
mutation RuleSetCreate($input: OmsRoutingRuleSetInput!) { routingRuleSetCreate(input: $input) { ruleSet { ...RuleSet } errors { field message code } } }`, RULE_SET);
export const UPDATE = graphql(`
mutation RuleSetUpdate($id: ID!, $input: OmsRoutingRuleSetInput!) { routingRuleSetUpdate(id: $id, input: $input) { ruleSet { ...RuleSet } errors { field message code } } }`, RULE_SET);
export const PUBLISH = graphql(`
mutation RuleSetPublish($id: ID!) { routingRuleSetPublish(id: $id) { ruleSet { ...RuleSet } errors { field message code } } }`, RULE_SET);
export const REPLAY = graphql(`
query Replay($id: ID!, $last: Int) {
  routingReplay(draftId: $id, last: $last) {
    draft
    orders { orderNumber error draft { cost shipments distanceKm backorderedUnits } published { cost shipments distanceKm backorderedUnits } }
    draftTotal { orders cost shipments distanceKm backorderedUnits }
    publishedTotal { orders cost shipments distanceKm backorderedUnits }
  }
}`);

type RoutingRuleSet = RuleSetFragment;
type ReplayReport = ReplayQuery["routingReplay"];

export function RoutingPage() {
  const query = useQuery(RULE_SETS);
  const sets = useMemo(() => (query.data ? nodes(query.data.routingRuleSets) : []), [query.data]);
  const [selectedId, setSelectedId] = useState<string>();
  const selected = sets.find((set) => set.id === selectedId);

  useEffect(() => {
    if (!selectedId && sets.length > 0) {
      setSelectedId((sets.find((set) => set.state === "DRAFT") ?? sets[0]).id);
    }
  }, [sets, selectedId]);

  return (
    <>
      <PageHeader title="Routing" />
      <Box display="grid" gap={5} style={{ gridTemplateColumns: "minmax(0, 1fr) minmax(0, 2fr)" }}>
        <Card title="Rule sets">
          <QueryBody
            {...query}
            empty={(data) =>
              data.routingRuleSets.edges.length
                ? null
                : { title: "No rule sets yet", text: "Orders are routed by the built-in rules until you publish a set." }
            }
          >
            {() => (
              <Box display="flex" flexDirection="column" gap={2} data-testid="rule-sets">
                {sets.map((set) => (
                  <Box
                    key={set.id}
                    as="button"
                    onClick={() => setSelectedId(set.id)}
                    padding={3}
                    borderRadius={3}
                    borderWidth={1}
                    borderStyle="solid"
                    borderColor={set.id === selectedId ? "accent1" : "default1"}
                    backgroundColor={set.id === selectedId ? "default1Hovered" : "default1"}
                    textAlign="left"
                    display="flex"
                    justifyContent="space-between"
                    alignItems="center"
                    cursor="pointer"
                    aria-pressed={set.id === selectedId}
                  >
                    <Box display="flex" flexDirection="column">
                      <Text fontWeight="bold">
                        {set.name} v{set.version}
                      </Text>
                      <Text size={2} color="default2">
                        {set.channel ? `channel ${set.channel}` : "all channels"}
                      </Text>
                    </Box>
                    <StatusChip status={set.state} />
                  </Box>
                ))}
              </Box>
            )}
          </QueryBody>
        </Card>
        <Box>
          {selected ? (
            <RuleSetEditor key={`${selected.id}-${selected.version}-${selected.state}`} set={selected} onSaved={(id) => {
              setSelectedId(id);
              query.reload();
            }} />
          ) : (
            query.loading && <Loading />
          )}
        </Box>
      </Box>
      <LocationSettings />
    </>
  );
}

function RuleSetEditor({ set, onSaved }: { set: RoutingRuleSet; onSaved: (id: string) => void }) {
  const { client } = useApp();
  const { busy, run } = useAction();
  const original = useMemo(() => parseDocument(set.document), [set.document]);
  const [document, setDocument] = useState<RuleSetDocument>(original);
  const dirty = JSON.stringify(document) !== JSON.stringify(original);
  const [last, setLast] = useState("100");
  const [replay, setReplay] = useState<ReplayReport>();
  const [replaying, setReplaying] = useState(false);

  const save = async () => {
    const input = { name: set.name, channel: set.channel, document: JSON.stringify(document) };
    const saved = await run(async () => {
      if (set.state === "DRAFT") {
        const data = await client.request(UPDATE, { id: set.id, input: { document: input.document } });
        return payloadOf(data.routingRuleSetUpdate).ruleSet;
      }
      // Published and archived sets are frozen: the change becomes a new draft version.
      const data = await client.request(CREATE, { input });
      return payloadOf(data.routingRuleSetCreate).ruleSet;
    }, set.state === "DRAFT" ? "Draft saved" : "Saved as a new draft");
    if (saved) onSaved(saved.id);
  };

  const publish = async () => {
    const published = await run(async () => {
      const data = await client.request(PUBLISH, { id: set.id });
      return payloadOf(data.routingRuleSetPublish).ruleSet;
    }, `${set.name} v${set.version} published`);
    if (published) onSaved(published.id);
  };

  const runReplay = async () => {
    setReplaying(true);
    const report = await run(async () => {
      const data = await client.request(REPLAY, { id: set.id, last: Number(last) || 100 });
      return data.routingReplay;
    }, "Replay finished");
    setReplaying(false);
    if (report) setReplay(report);
  };

  return (
    <>
      <Card
        title={`${set.name} v${set.version}`}
        actions={
          <>
            <Button variant="secondary" disabled={busy || !dirty} onClick={save}>
              {set.state === "DRAFT" ? "Save draft" : "Save as new draft"}
            </Button>
            {set.state === "DRAFT" && (
              <Button variant="primary" disabled={busy || dirty} onClick={publish}>
                Publish
              </Button>
            )}
          </>
        }
      >
        <Text size={2} color="default2" as="p" marginBottom={4}>
          {set.state === "PUBLISHED" ? `Published ${formatDate(set.publishedAt)}. ` : ""}
          Rules apply top to bottom: plans are compared rule by rule. Drag a rule to rank it.
        </Text>
        <RuleOrder rules={document.rules} onChange={(rules) => setDocument({ ...document, rules })} disabled={busy} />
      </Card>
      <Card title="Replay against the published rule set">
        <Box display="flex" gap={2} alignItems="flex-end" marginBottom={4}>
          <Input label="Newest orders" type="number" value={last} onChange={(event) => setLast(event.target.value)} size="small" style={{ width: 140 }} />
          <Button variant="primary" onClick={runReplay} disabled={busy || dirty}>
            Run replay
          </Button>
          {dirty && <Text color="default2">Save the draft to replay it.</Text>}
        </Box>
        {replaying && <Loading label="Routing the newest orders with both rule sets…" />}
        {replay && !replaying && <ReplayResult report={replay} />}
      </Card>
    </>
  );
}

function delta(draft: number, published: number, digits = 2): string {
  const difference = draft - published;
  if (Math.abs(difference) < 10 ** -digits) return "±0";
  return `${difference > 0 ? "+" : ""}${difference.toFixed(digits)}`;
}

function ReplayResult({ report }: { report: ReplayReport }) {
  const { draftTotal: draft, publishedTotal: published } = report;
  const rows: [string, number, number, number][] = [
    ["Cost", draft.cost, published.cost, 2],
    ["Shipments", draft.shipments, published.shipments, 0],
    ["Distance (km)", draft.distanceKm, published.distanceKm, 1],
    ["Backordered units", draft.backorderedUnits, published.backorderedUnits, 0],
  ];
  return (
    <Box display="flex" flexDirection="column" gap={4} data-testid="replay-result">
      <Text>
        {report.draft} over {draft.orders} orders
      </Text>
      <Table head={["", "Published", "Draft", "Change"]} testId="replay-totals">
        {rows.map(([label, draftValue, publishedValue, digits]) => (
          <tr key={label}>
            <Cell>
              <Text size={3} fontWeight="medium">{label}</Text>
            </Cell>
            <Cell>{publishedValue.toFixed(digits)}</Cell>
            <Cell>{draftValue.toFixed(digits)}</Cell>
            <Cell>
              <Text size={3} color={draftValue > publishedValue ? "critical1" : draftValue < publishedValue ? "success1" : "default2"}>
                {delta(draftValue, publishedValue, digits)}
              </Text>
            </Cell>
          </tr>
        ))}
      </Table>
      <Table head={["Order", "Published cost", "Draft cost", "Published shipments", "Draft shipments", "Distance (km)"]} testId="replay-orders">
        {report.orders.map((row) => (
          <tr key={row.orderNumber}>
            <Cell>#{row.orderNumber}</Cell>
            {row.error ? (
              <Cell colSpan={5}>
                <Text color="critical1">{row.error}</Text>
              </Cell>
            ) : (
              <>
                <Cell>{row.published?.cost.toFixed(2) ?? "—"}</Cell>
                <Cell>{row.draft?.cost.toFixed(2) ?? "—"}</Cell>
                <Cell>{row.published?.shipments ?? "—"}</Cell>
                <Cell>{row.draft?.shipments ?? "—"}</Cell>
                <Cell>
                  {row.published?.distanceKm.toFixed(0) ?? "—"} → {row.draft?.distanceKm.toFixed(0) ?? "—"}
                </Cell>
              </>
            )}
          </tr>
        ))}
      </Table>
    </Box>
  );
}
