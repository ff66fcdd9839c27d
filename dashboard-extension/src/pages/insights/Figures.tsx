/**
 * The figures of a range: KPI tiles against the previous range, money per currency (and in the
 * reporting currency when the merchant keeps one), charts and a table per group. Every figure
 * that counts orders opens the orders behind it.
 */

import { Fragment } from "react";
import { Box, Text } from "@saleor/macaw-ui";

import type { InsightsQuery } from "../../api/generated/operations";
import { Card, Cell, Table, money } from "../../components/ui";
import { InsightsCharts } from "./Charts";
import type { Drill } from "./DrillDown";
import { CYCLE_TIMES, KPIS, addCounts, changeOf, formatFigure, groupRows, ratesOf, type Change, type DrillScope, type Figures, type Group, type Kpi } from "./figures";
import type { GroupBy } from "./range";

type Insights = InsightsQuery["insights"];
type Comparison = Insights["totals"][number];

const TONE_COLOUR = { good: "success1", bad: "critical1", flat: "default2" } as const;

function ChangeText({ change }: { change: Change }) {
  return (
    <Text size={2} color={TONE_COLOUR[change.tone]} data-tone={change.tone}>
      {change.text} vs previous
    </Text>
  );
}

function Tile({ label, value, change, onClick, testId }: { label: string; value: string; change?: Change; onClick?: () => void; testId: string }) {
  return (
    <Box
      as={onClick ? "button" : "div"}
      onClick={onClick}
      borderWidth={1}
      borderStyle="solid"
      borderColor="default1"
      borderRadius={4}
      padding={4}
      display="flex"
      flexDirection="column"
      gap={1}
      backgroundColor="default1"
      textAlign="left"
      cursor={onClick ? "pointer" : undefined}
      data-testid={testId}
      aria-label={onClick ? `${label}: ${value}, list the orders` : undefined}
    >
      <Text size={2} color="default2">
        {label}
      </Text>
      <Text size={8} fontWeight="bold">
        {value}
      </Text>
      {change && <ChangeText change={change} />}
    </Box>
  );
}

const slug = (label: string) => label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

export function FiguresView({
  insights,
  groupBy,
  filters,
  onDrill,
}: {
  insights: Insights;
  groupBy: GroupBy;
  filters: DrillScope;
  onDrill: (drill: Drill) => void;
}) {
  const current = addCounts(insights.totals.map((total) => total.current));
  const previous = addCounts(insights.totals.map((total) => total.previous));
  const currentRates = ratesOf(current);
  const previousRates = ratesOf(previous);
  const scope = { range: filters.range, channel: filters.channel, locationId: filters.locationId };
  const currencies = insights.totals.map((total) => total.currency);
  const groups = groupRows(insights.rows, groupBy, scope);
  const drillKpi = (kpi: Kpi, currency: string | null = filters.currency) =>
    onDrill({ ...scope, currency, figure: kpi.drill, title: `${kpi.label}${currency && currency !== filters.currency ? ` (${currency})` : ""}` });
  const drillGroup = (group: Group, currency?: string) =>
    onDrill({ ...group.scope, currency: currency ?? filters.currency, figure: "ORDERS", title: `${group.label}${currency ? ` (${currency})` : ""}` });

  return (
    <>
      <Box display="grid" gap={4} marginBottom={5} style={{ gridTemplateColumns: "repeat(auto-fill, minmax(190px, 1fr))" }} data-testid="kpis">
        {KPIS.map((kpi) => {
          const value = kpi.value(current, currentRates);
          return (
            <Tile
              key={kpi.label}
              label={kpi.label}
              value={formatFigure(value, kpi.kind)}
              change={changeOf(value, kpi.value(previous, previousRates), kpi.kind, kpi.better)}
              // the server refuses a per-order figure's orders at a location (none are counted there)
              onClick={filters.locationId && kpi.perOrderOnly ? undefined : () => drillKpi(kpi)}
              testId={`kpi-${slug(kpi.label)}`}
            />
          );
        })}
        {insights.totals.length === 1 &&
          CYCLE_TIMES.map(({ key, label }) => {
            const now = insights.totals[0].current.cycleTimes[key];
            const before = insights.totals[0].previous.cycleTimes[key];
            return (
              <Tile
                key={key}
                label={`${label} p50 / p90`}
                value={`${formatFigure(now.p50Hours, "hours")} / ${formatFigure(now.p90Hours, "hours")}`}
                change={changeOf(now.p50Hours ?? null, before.p50Hours ?? null, "hours", "down")}
                testId={`kpi-${slug(label)}`}
              />
            );
          })}
      </Box>
      <Money insights={insights} onDrill={(currency) => drillKpi(KPIS[0], currency)} />
      {insights.totals.length > 1 && <CycleTimes totals={insights.totals} />}
      <Card title="Over the range">
        {groups.length === 0 ? (
          <Text color="default2">No orders in this range.</Text>
        ) : (
          <>
            <InsightsCharts groups={groups} currencies={currencies} onDrill={drillGroup} />
            <GroupTable groups={groups} groupBy={groupBy} onDrill={drillGroup} />
          </>
        )}
      </Card>
    </>
  );
}

const MONEY: { label: string; value: (figures: Figures) => string; better: "up" | "down" }[] = [
  { label: "Gross sales", value: (figures) => figures.grossTotal, better: "up" },
  { label: "Net sales", value: (figures) => figures.netTotal, better: "up" },
  { label: "Routing cost", value: (figures) => figures.routingCost, better: "down" },
  { label: "Routing saving", value: (figures) => figures.routingSaving, better: "up" },
];

function MoneyRow({ comparison, label, onDrill }: { comparison: Comparison; label: string; onDrill?: () => void }) {
  return (
    <tr data-testid={`money-${comparison.currency}`}>
      <Cell>
        {onDrill ? (
          <Box as="button" onClick={onDrill} backgroundColor="transparent" borderWidth={0} cursor="pointer" padding={0} aria-label={`Orders in ${comparison.currency}`}>
            <Text size={3} fontWeight="bold" color="accent1">
              {label}
            </Text>
          </Box>
        ) : (
          <Text size={3} fontWeight="bold">
            {label}
          </Text>
        )}
      </Cell>
      <Cell>{comparison.current.orders}</Cell>
      {MONEY.map((item) => (
        <Cell key={item.label}>
          <Box display="flex" flexDirection="column">
            <Text size={3}>{money(item.value(comparison.current), comparison.currency)}</Text>
            <ChangeText change={changeOf(Number(item.value(comparison.current)), Number(item.value(comparison.previous)), "count", item.better)} />
          </Box>
        </Cell>
      ))}
    </tr>
  );
}

/** Money per currency, then the reporting-currency total with what it leaves out. */
function Money({ insights, onDrill }: { insights: Insights; onDrill: (currency: string) => void }) {
  const reporting = insights.reportingTotals;
  return (
    <Card title="Money">
      <Table head={["Currency", "Orders", ...MONEY.map((item) => item.label)]} testId="money">
        {insights.totals.map((total) => (
          <MoneyRow key={total.currency} comparison={total} label={total.currency} onDrill={() => onDrill(total.currency)} />
        ))}
        {reporting && <MoneyRow comparison={reporting} label={`Total in ${reporting.currency}`} />}
      </Table>
      {reporting && insights.unconvertedCurrencies.length > 0 && (
        <Text as="p" size={2} color="critical1" marginTop={3} data-testid="unconverted">
          Not in the {reporting.currency} total (no exchange rate on some day): {insights.unconvertedCurrencies.join(", ")}
        </Text>
      )}
      {!insights.reportingCurrency && insights.totals.length > 1 && (
        <Text as="p" size={2} color="default2" marginTop={3}>
          Set a reporting currency and exchange rates (Settings tab) to see one total.
        </Text>
      )}
    </Card>
  );
}

function CycleTimes({ totals }: { totals: Comparison[] }) {
  return (
    <Card title="Cycle times (p50 / p90)">
      <Table head={["Currency", ...CYCLE_TIMES.map((item) => item.label)]} testId="cycle-times">
        {totals.map((total) => (
          <tr key={total.currency}>
            <Cell>{total.currency}</Cell>
            {CYCLE_TIMES.map(({ key }) => (
              <Cell key={key}>
                {formatFigure(total.current.cycleTimes[key].p50Hours, "hours")} / {formatFigure(total.current.cycleTimes[key].p90Hours, "hours")}
              </Cell>
            ))}
          </tr>
        ))}
      </Table>
    </Card>
  );
}

function GroupTable({ groups, groupBy, onDrill }: { groups: Group[]; groupBy: GroupBy; onDrill: (group: Group, currency?: string) => void }) {
  const heading = groupBy === "CHANNEL" ? "Channel" : groupBy === "LOCATION" ? "Location" : "Period";
  return (
    <Box marginTop={5}>
      <Table head={[heading, "Currency", "Orders", "Units", "Gross", "Fill rate", "Split rate", "On-time rate"]} testId="insights-rows">
        {groups.map((group) => (
          <Fragment key={group.key}>
            {group.rows.map((row, index) => (
              <tr key={row.currency} data-testid={`row-${group.key}-${row.currency}`}>
                <Cell>{index === 0 ? group.label : ""}</Cell>
                <Cell>{row.currency}</Cell>
                <Cell>
                  <Box as="button" onClick={() => onDrill(group, row.currency)} backgroundColor="transparent" borderWidth={0} cursor="pointer" padding={0}>
                    <Text size={3} color="accent1">
                      {row.figures.orders}
                    </Text>
                  </Box>
                </Cell>
                <Cell>{row.figures.units}</Cell>
                <Cell>{money(row.figures.grossTotal, row.currency)}</Cell>
                <Cell>{formatFigure(row.figures.fillRate ?? null, "rate")}</Cell>
                <Cell>{formatFigure(row.figures.splitRate ?? null, "rate")}</Cell>
                <Cell>{formatFigure(row.figures.onTimeRate ?? null, "rate")}</Cell>
              </tr>
            ))}
          </Fragment>
        ))}
      </Table>
    </Box>
  );
}
