/** Stock health per variant and location: cover, stock-outs, aged and overstocked stock. */

import { useState } from "react";
import { Box, Text } from "@saleor/macaw-ui";

import type { OmsStockHealthFilter } from "../../api/generated/operations";
import { useQuery } from "../../app/hooks";
import { Card, Cell, QueryBody, Select, Stat, StatusChip, Table, formatDate } from "../../components/ui";
import { useLocations } from "../../queries/locations";
import { INSIGHTS_STOCK } from "./documents";

const FILTERS: { value: OmsStockHealthFilter; label: string }[] = [
  { value: "ALL", label: "all" },
  { value: "STOCK_OUT", label: "stock-outs" },
  { value: "LOW_COVER", label: "low cover" },
  { value: "AGED", label: "aged" },
  { value: "OVERSTOCKED", label: "overstocked" },
];

const number = (value: number | null | undefined, digits = 1) => (value === null || value === undefined ? "—" : value.toFixed(digits));

export function StockHealth() {
  const { locations } = useLocations();
  const [locationId, setLocationId] = useState("");
  const [filter, setFilter] = useState<OmsStockHealthFilter>("ALL");
  // Stock needs MANAGE_PRODUCTS, which an orders-only viewer lacks: the card says so.
  const query = useQuery(INSIGHTS_STOCK, { locationId: locationId || null, filter, first: 100 });
  return (
    <Card title="Stock health">
      <Box display="flex" gap={3} alignItems="flex-end" marginBottom={4} flexWrap="wrap">
        <Select
          label="Location"
          value={locationId}
          onChange={(event) => setLocationId(event.target.value)}
          options={[{ value: "", label: "all" }, ...locations.map((location) => ({ value: location.id, label: location.name }))]}
        />
        <Select label="Show" value={filter} onChange={(event) => setFilter(event.target.value as OmsStockHealthFilter)} options={FILTERS} />
      </Box>
      <QueryBody {...query}>
        {({ insightsStock: stock }) => (
          <>
            <Box display="grid" gap={4} marginBottom={4} style={{ gridTemplateColumns: "repeat(auto-fill, minmax(180px, 1fr))" }}>
              <Stat label="Stock-outs (30 days)" value={stock.stockOutsLast30Days} tone={stock.stockOutsLast30Days ? "warning" : undefined} />
              <Stat label="Liquidation candidates" value={stock.items.filter((item) => item.liquidationCandidate).length} />
              <Stat label="As of" value={<Text size={4}>{formatDate(stock.asOf)}</Text>} />
            </Box>
            {stock.items.length === 0 ? (
              <Text color="default2">Nothing matches.</Text>
            ) : (
              <Table
                head={["SKU", "Location", "On hand", "Demand / day", "Days of cover", "Stock-out days (30)", "Aged (days)", "Overstocked", "Last sold", "Last received", "Why"]}
                testId="stock-health"
              >
                {stock.items.map((item) => (
                  <tr key={`${item.variantId}-${item.locationId}`}>
                    <Cell>{item.sku || item.variantId}</Cell>
                    <Cell>{item.locationName}</Cell>
                    <Cell>{item.onHand}</Cell>
                    <Cell>{number(item.dailyDemand, 2)}</Cell>
                    <Cell>{number(item.daysOfCover)}</Cell>
                    <Cell>{item.stockOutDaysLast30}</Cell>
                    <Cell>{item.agedDays ?? "—"}</Cell>
                    <Cell>{item.overstockedUnits}</Cell>
                    <Cell>{formatDate(item.lastSoldAt)}</Cell>
                    <Cell>{formatDate(item.lastReceivedAt)}</Cell>
                    <Cell>
                      <Box display="flex" gap={1} flexWrap="wrap">
                        {item.liquidationCandidate && <StatusChip status="LIQUIDATE" />}
                        {item.reasons.map((reason) => (
                          <StatusChip key={reason} status={reason} />
                        ))}
                      </Box>
                    </Cell>
                  </tr>
                ))}
              </Table>
            )}
          </>
        )}
      </QueryBody>
    </Card>
  );
}
