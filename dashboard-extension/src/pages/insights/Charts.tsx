/**
 * The Insights charts (recharts): orders per group, gross sales per currency (one series each,
 * never added up), and the rates. A bar's click drills down to the orders behind it; the same
 * figures are buttons in the table below the charts (keyboard and screen readers).
 */

import { useEffect, useRef, useState, type ReactElement } from "react";
import { Box, Text } from "@saleor/macaw-ui";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";

import type { Group } from "./figures";

const PALETTE = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2", "#4b5563"];
const HEIGHT = 240;

/** The width of its box, followed as it changes (0 where nothing is laid out, as in tests). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

function ChartFrame({ title, children }: { title: string; children: (width: number) => ReactElement }) {
  const { ref, width } = useWidth();
  return (
    <Box display="flex" flexDirection="column" gap={2} role="figure" aria-label={title}>
      <Text size={3} fontWeight="medium">
        {title}
      </Text>
      <div ref={ref} style={{ width: "100%", minHeight: HEIGHT }}>
        {width > 0 && children(width)}
      </div>
    </Box>
  );
}

export function InsightsCharts({ groups, currencies, onDrill }: { groups: Group[]; currencies: string[]; onDrill: (group: Group, currency?: string) => void }) {
  const byKey = new Map(groups.map((group) => [group.key, group]));
  const data = groups.map((group) => ({
    key: group.key,
    label: group.label,
    orders: group.counts.orders,
    units: group.counts.units,
    fillRate: group.rates.fillRate === null ? null : Math.round(group.rates.fillRate * 1000) / 10,
    splitRate: group.rates.splitRate === null ? null : Math.round(group.rates.splitRate * 1000) / 10,
    onTimeRate: group.rates.onTimeRate === null ? null : Math.round(group.rates.onTimeRate * 1000) / 10,
    ...Object.fromEntries(currencies.map((currency) => [`gross:${currency}`, group.gross[currency] ?? 0])),
  }));
  const drill = (entry: unknown, currency?: string) => {
    const key = (entry as { payload?: { key?: string } } | undefined)?.payload?.key;
    const group = key === undefined ? undefined : byKey.get(key);
    if (group) onDrill(group, currency);
  };
  return (
    <Box display="grid" gap={5} style={{ gridTemplateColumns: "repeat(auto-fit, minmax(360px, 1fr))" }} data-testid="insights-charts">
      <ChartFrame title="Orders and units">
        {(width) => (
          <BarChart width={width} height={HEIGHT} data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip />
            <Legend />
            <Bar dataKey="orders" name="Orders" fill={PALETTE[0]} cursor="pointer" onClick={(entry) => drill(entry)} />
            <Bar dataKey="units" name="Units" fill={PALETTE[1]} cursor="pointer" onClick={(entry) => drill(entry)} />
          </BarChart>
        )}
      </ChartFrame>
      <ChartFrame title="Gross sales per currency">
        {(width) => (
          <BarChart width={width} height={HEIGHT} data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" fontSize={11} />
            <YAxis fontSize={11} />
            <Tooltip />
            <Legend />
            {currencies.map((currency, index) => (
              <Bar
                key={currency}
                dataKey={`gross:${currency}`}
                name={currency}
                fill={PALETTE[index % PALETTE.length]}
                cursor="pointer"
                onClick={(entry) => drill(entry, currency)}
              />
            ))}
          </BarChart>
        )}
      </ChartFrame>
      <ChartFrame title="Rates (%)">
        {(width) => (
          <LineChart width={width} height={HEIGHT} data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" fontSize={11} />
            <YAxis domain={[0, 100]} fontSize={11} />
            <Tooltip />
            <Legend />
            <Line type="monotone" dataKey="fillRate" name="Fill rate" stroke={PALETTE[0]} connectNulls />
            <Line type="monotone" dataKey="splitRate" name="Split rate" stroke={PALETTE[2]} connectNulls />
            <Line type="monotone" dataKey="onTimeRate" name="On-time rate" stroke={PALETTE[1]} connectNulls />
          </LineChart>
        )}
      </ChartFrame>
    </Box>
  );
}
