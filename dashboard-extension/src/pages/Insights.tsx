/**
 * Insights: the server's order figures over a date range (grouped, filtered, compared with the
 * previous range), the orders behind any figure, CSV/XLSX exports, returns and stock health,
 * and the reporting currency, exchange rates and e-mailed reports.
 */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import type { OmsExportFormat } from "../api/generated/operations";
import { useApp } from "../app/AppContext";
import { useAction, useQuery } from "../app/hooks";
import { Card, PageHeader, QueryBody, Select } from "../components/ui";
import { INVENTORY_CHANNELS } from "../queries/inventoryChannels";
import { useLocations } from "../queries/locations";
import { INSIGHTS, INSIGHTS_EXPORT } from "./insights/documents";
import { DrillDown, type Drill } from "./insights/DrillDown";
import { FiguresView } from "./insights/Figures";
import { InsightsSettings } from "./insights/InsightsSettings";
import { PRESETS, presetRange, rangeProblem, type DayRange, type GroupBy } from "./insights/range";
import { ReturnsInsights } from "./insights/ReturnsInsights";
import { StockHealth } from "./insights/StockHealth";

const TABS = ["Figures", "Returns", "Stock health", "Settings"] as const;
type Tab = (typeof TABS)[number];

const GROUPS: { value: GroupBy; label: string }[] = [
  { value: "DAY", label: "day" },
  { value: "WEEK", label: "week" },
  { value: "MONTH", label: "month" },
  { value: "CHANNEL", label: "channel" },
  { value: "LOCATION", label: "location" },
];

export interface InsightsFilters {
  preset: string;
  custom: DayRange;
  groupBy: GroupBy;
  channel: string;
  currency: string;
  /** A Saleor Warehouse ID (the rollups' location). */
  locationId: string;
}

export function rangeOf(filters: Pick<InsightsFilters, "preset" | "custom">, today?: Date): DayRange {
  return filters.preset === "custom" ? filters.custom : presetRange(Number(filters.preset), today);
}

export function InsightsPage() {
  const [tab, setTab] = useState<Tab>("Figures");
  const [filters, setFilters] = useState<InsightsFilters>(() => ({
    preset: "30",
    custom: presetRange(30),
    groupBy: "DAY",
    channel: "",
    currency: "",
    locationId: "",
  }));
  return (
    <>
      <PageHeader title="Insights" />
      <Box display="flex" gap={1} marginBottom={4} role="tablist" flexWrap="wrap">
        {TABS.map((name) => (
          <Button key={name} role="tab" aria-selected={tab === name} variant={tab === name ? "primary" : "tertiary"} size="small" onClick={() => setTab(name)}>
            {name}
          </Button>
        ))}
      </Box>
      {(tab === "Figures" || tab === "Returns") && <FilterBar filters={filters} onChange={setFilters} full={tab === "Figures"} />}
      {tab === "Figures" && <FiguresTab filters={filters} />}
      {tab === "Returns" && <ReturnsTab filters={filters} />}
      {tab === "Stock health" && <StockHealth />}
      {tab === "Settings" && <InsightsSettings />}
    </>
  );
}

function FilterBar({ filters, onChange, full }: { filters: InsightsFilters; onChange: (filters: InsightsFilters) => void; full: boolean }) {
  // Channels and locations for the pickers; an orders-only viewer may lack them (then free text).
  const channels = useQuery(INVENTORY_CHANNELS, {}, { quiet: true });
  const { locations } = useLocations();
  const set = <Key extends keyof InsightsFilters>(key: Key, value: InsightsFilters[Key]) => onChange({ ...filters, [key]: value });
  const problem = filters.preset === "custom" ? rangeProblem(filters.custom) : undefined;
  return (
    <Card>
      <Box display="flex" gap={3} alignItems="flex-end" flexWrap="wrap" data-testid="insights-filters">
        <Select
          label="Range"
          value={filters.preset}
          onChange={(event) => set("preset", event.target.value)}
          options={[...PRESETS.map((days) => ({ value: String(days), label: `last ${days} days` })), { value: "custom", label: "custom" }]}
        />
        {filters.preset === "custom" && (
          <>
            <Input label="From" type="date" size="small" value={filters.custom.gte} onChange={(event) => set("custom", { ...filters.custom, gte: event.target.value })} />
            <Input label="To" type="date" size="small" value={filters.custom.lte} onChange={(event) => set("custom", { ...filters.custom, lte: event.target.value })} />
          </>
        )}
        {full && (
          <Select label="Group by" value={filters.groupBy} onChange={(event) => set("groupBy", event.target.value as GroupBy)} options={GROUPS} />
        )}
        {channels.error ? (
          <Input label="Channel" size="small" value={filters.channel} onChange={(event) => set("channel", event.target.value.trim())} />
        ) : (
          <Select
            label="Channel"
            value={filters.channel}
            onChange={(event) => set("channel", event.target.value)}
            options={[{ value: "", label: "all" }, ...(channels.data?.inventoryChannels ?? []).map((channel) => ({ value: channel.slug, label: channel.name || channel.slug }))]}
          />
        )}
        {full && (
          <>
            <Input
              label="Currency"
              size="small"
              value={filters.currency}
              placeholder="all"
              maxLength={3}
              onChange={(event) => set("currency", event.target.value.toUpperCase().trim())}
              style={{ width: 90 }}
            />
            <Select
              label="Location"
              value={filters.locationId}
              onChange={(event) => set("locationId", event.target.value)}
              options={[
                { value: "", label: "all" },
                ...locations.filter((location) => location.saleorId).map((location) => ({ value: location.saleorId ?? "", label: location.name })),
              ]}
            />
          </>
        )}
      </Box>
      {problem && (
        <Text as="p" color="critical1" size={2} marginTop={2} role="alert">
          {problem}
        </Text>
      )}
    </Card>
  );
}

function FiguresTab({ filters }: { filters: InsightsFilters }) {
  const { client, openUrl } = useApp();
  const { busy, run } = useAction();
  const [drill, setDrill] = useState<Drill>();
  const range = rangeOf(filters);
  const problem = rangeProblem(range);
  const currency = filters.currency.length === 3 ? filters.currency : "";
  const variables = {
    range,
    groupBy: filters.groupBy,
    channel: filters.channel || null,
    currency: currency || null,
    locationId: filters.locationId || null,
  };
  const query = useQuery(INSIGHTS, variables, { skip: Boolean(problem) });

  const download = async (format: OmsExportFormat) => {
    const file = await run(async () => {
      const data = await client.request(INSIGHTS_EXPORT, { range, groupBy: filters.groupBy, channel: variables.channel, currency: variables.currency, format });
      return data.insightsExport;
    });
    if (file) openUrl(file.url);
  };

  if (problem) return null;
  return (
    <>
      <Box display="flex" gap={2} justifyContent="flex-end" marginBottom={4}>
        <Button variant="secondary" size="small" disabled={busy} onClick={() => download("CSV")}>
          Export CSV
        </Button>
        <Button variant="secondary" size="small" disabled={busy} onClick={() => download("XLSX")}>
          Export XLSX
        </Button>
      </Box>
      {drill && <DrillDown drill={drill} onClose={() => setDrill(undefined)} />}
      <QueryBody {...query}>
        {(data) => (
          <>
            <Text as="p" size={2} color="default2" marginBottom={3}>
              {data.insights.range.gte} – {data.insights.range.lte}, compared with {data.insights.previousRange.gte} – {data.insights.previousRange.lte}
            </Text>
            <FiguresView
              insights={data.insights}
              groupBy={filters.groupBy}
              filters={{ range: data.insights.range, channel: variables.channel, currency: variables.currency, locationId: variables.locationId }}
              onDrill={setDrill}
            />
          </>
        )}
      </QueryBody>
    </>
  );
}

function ReturnsTab({ filters }: { filters: InsightsFilters }) {
  const range = rangeOf(filters);
  const problem = rangeProblem(range);
  if (problem) return null;
  return <ReturnsInsights range={range} channel={filters.channel || null} />;
}
