/**
 * Stock: levels by location / variant / channel, movements, reservations, and the inventory
 * domain's alerts and purchase suggestions; the management screens (safety stock, reorder
 * settings, channels, transfers, feeds, outbound availability) live in ./stock/.
 */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { nodes, payloadOf } from "../api/client";
import { graphql } from "../api/graphql";
import type { AlertsQuery, StockLevelFragment } from "../api/generated/operations";
import { useApp } from "../app/AppContext";
import { useAction, useQuery } from "../app/hooks";
import { STOCK_LEVEL, StockLevelsTable } from "../components/StockLevelsTable";
import { Card, Cell, PageHeader, QueryBody, Select, StatusChip, Table, formatDate } from "../components/ui";
import { INVENTORY_CHANNELS } from "../queries/inventoryChannels";
import { useLocations } from "../queries/locations";
import { Availability } from "./stock/Availability";
import { Channels } from "./stock/Channels";
import { FeedSources } from "./stock/FeedSources";
import { Replenishment } from "./stock/Replenishment";
import { SafetyStock } from "./stock/SafetyStock";
import { Transfers } from "./stock/Transfers";

export const LEVELS = graphql(`
query Levels($sku: String, $locationId: ID, $channel: String) {
  stockLevels(sku: $sku, locationId: $locationId, channel: $channel, first: 100) { totalCount edges { node { ...StockLevel } } }
}`, STOCK_LEVEL);
export const MOVEMENTS = graphql(`
query Movements { stockMovements(first: 50) { edges { node { id reason onHandDelta onHandAfter reference note createdAt stock { sku location { name } } } } } }`);
export const RESERVATIONS = graphql(`
query Reservations { reservations(first: 50) { edges { node { id reference channel state expiresAt lines { variantId quantity location { name } } } } } }`);
export const ALERTS = graphql(`
query Alerts { stockAlerts(first: 50) { edges { node { id kind state openedAt stock { sku available location { name } } } } } }`);
export const ACKNOWLEDGE = graphql(`mutation Ack($id: ID!) { stockAlertAcknowledge(id: $id) { errors { field message code } } }`);
export const SUGGESTIONS = graphql(`
query Suggestions { purchaseSuggestions { quantity available reorderPoint supplier daysOfCover runOutOn arrivesOn runsOutBeforeRestock stock { sku location { name } } } }`);
export const ADJUST = graphql(`
mutation Adjust($input: OmsStockAdjustInput!) { stockAdjust(input: $input) { stockLevel { id onHand available } errors { field message code } } }`);

const TABS = ["Levels", "Safety stock", "Reorder settings", "Movements", "Reservations", "Channels", "Alerts", "Transfers", "Feeds", "Outbound", "Suggestions"] as const;
type Tab = (typeof TABS)[number];

export function StockPage() {
  const [tab, setTab] = useState<Tab>("Levels");
  return (
    <>
      <PageHeader title="Stock" />
      <Box display="flex" gap={1} marginBottom={4} role="tablist" flexWrap="wrap">
        {TABS.map((name) => (
          <Button key={name} role="tab" aria-selected={tab === name} variant={tab === name ? "primary" : "tertiary"} size="small" onClick={() => setTab(name)}>
            {name}
          </Button>
        ))}
      </Box>
      {tab === "Levels" && <Levels />}
      {tab === "Safety stock" && <SafetyStock />}
      {tab === "Reorder settings" && <Replenishment />}
      {tab === "Movements" && <Movements />}
      {tab === "Reservations" && <Reservations />}
      {tab === "Channels" && <Channels />}
      {tab === "Alerts" && <Alerts />}
      {tab === "Transfers" && <Transfers />}
      {tab === "Feeds" && <FeedSources />}
      {tab === "Outbound" && <Availability />}
      {tab === "Suggestions" && <Suggestions />}
    </>
  );
}

function Levels() {
  const { client } = useApp();
  const { busy, run } = useAction();
  const [sku, setSku] = useState("");
  const [locationId, setLocationId] = useState("");
  const [channel, setChannel] = useState("");
  const [adjusting, setAdjusting] = useState<{ level: StockLevelFragment; delta: string }>();
  const { locations } = useLocations();
  const channels = useQuery(INVENTORY_CHANNELS);
  const levels = useQuery(LEVELS, { sku: sku.trim() || null, locationId: locationId || null, channel: channel || null });

  const adjust = async () => {
    if (!adjusting) return;
    const { level, delta } = adjusting;
    const done = await run(async () => {
      const data = await client.request(ADJUST, { input: { locationId: level.location.id, variantId: level.variantId, delta: Number(delta) } });
      return payloadOf(data.stockAdjust);
    }, `${level.sku} at ${level.location.name} adjusted by ${delta}`);
    if (done) {
      setAdjusting(undefined);
      levels.reload();
    }
  };

  return (
    <Card title={`Stock levels${levels.data ? ` (${levels.data.stockLevels.totalCount})` : ""}`}>
      <Box display="flex" gap={3} alignItems="flex-end" marginBottom={4} flexWrap="wrap">
        <Input label="SKU" size="small" value={sku} onChange={(event) => setSku(event.target.value)} />
        <Select
          label="Location"
          value={locationId}
          onChange={(event) => setLocationId(event.target.value)}
          options={[{ value: "", label: "all" }, ...locations.map((location) => ({ value: location.id, label: location.name }))]}
        />
        <Select
          label="Channel"
          value={channel}
          onChange={(event) => setChannel(event.target.value)}
          options={[{ value: "", label: "all" }, ...(channels.data?.inventoryChannels ?? []).map((item) => ({ value: item.slug, label: item.name || item.slug }))]}
        />
      </Box>
      <QueryBody {...levels} empty={(data) => (data.stockLevels.edges.length ? null : { title: "No stock here", text: "Stock appears once Saleor's stock is imported." })}>
        {(data) => (
          <StockLevelsTable levels={nodes(data.stockLevels)} action={(level) =>
            adjusting?.level.id === level.id ? (
              <Box display="flex" gap={1} alignItems="center">
                <Input size="small" type="number" aria-label="Change on hand by" value={adjusting.delta} onChange={(event) => setAdjusting({ level, delta: event.target.value })} style={{ width: 80 }} />
                <Button size="small" variant="primary" disabled={busy || !Number(adjusting.delta)} onClick={adjust}>
                  Apply
                </Button>
              </Box>
            ) : (
              <Button size="small" variant="tertiary" onClick={() => setAdjusting({ level, delta: "" })}>
                Adjust
              </Button>
            )
          } />
        )}
      </QueryBody>
    </Card>
  );
}

function Movements() {
  const query = useQuery(MOVEMENTS);
  return (
    <Card title="Movements (newest 50)">
      <QueryBody {...query} empty={(data) => (data.stockMovements.edges.length ? null : { title: "No movements yet" })}>
        {(data) => (
          <Table head={["When", "SKU", "Location", "Reason", "On hand Δ", "On hand after", "Reference"]}>
            {nodes(data.stockMovements).map((movement) => (
              <tr key={movement.id}>
                <Cell>{formatDate(movement.createdAt)}</Cell>
                <Cell>{movement.stock.sku}</Cell>
                <Cell>{movement.stock.location.name}</Cell>
                <Cell>
                  <StatusChip status={movement.reason} />
                </Cell>
                <Cell>{movement.onHandDelta > 0 ? `+${movement.onHandDelta}` : movement.onHandDelta}</Cell>
                <Cell>{movement.onHandAfter}</Cell>
                <Cell>{movement.reference || movement.note || "—"}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </QueryBody>
    </Card>
  );
}

function Reservations() {
  const query = useQuery(RESERVATIONS);
  return (
    <Card title="Reservations (newest 50)">
      <QueryBody {...query} empty={(data) => (data.reservations.edges.length ? null : { title: "No reservations", text: "Outside channels reserve stock through the API." })}>
        {(data) => (
          <Table head={["Reference", "Channel", "State", "Lines", "Expires"]}>
            {nodes(data.reservations).map((reservation) => (
              <tr key={reservation.id}>
                <Cell>{reservation.reference}</Cell>
                <Cell>{reservation.channel}</Cell>
                <Cell>
                  <StatusChip status={reservation.state} />
                </Cell>
                <Cell>{reservation.lines.map((line) => `${line.quantity} × ${line.variantId.slice(-8)} @ ${line.location.name}`).join("; ")}</Cell>
                <Cell>{formatDate(reservation.expiresAt)}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </QueryBody>
    </Card>
  );
}

type Alert = AlertsQuery["stockAlerts"]["edges"][number]["node"];

function Alerts() {
  const { client } = useApp();
  const { busy, run } = useAction();
  const query = useQuery(ALERTS);
  const acknowledge = (alert: Alert) =>
    run(async () => {
      const data = await client.request(ACKNOWLEDGE, { id: alert.id });
      payloadOf(data.stockAlertAcknowledge);
      query.reload();
    }, "Alert acknowledged");
  return (
    <Card title="Open alerts">
      <QueryBody {...query} empty={(data) => (data.stockAlerts.edges.length ? null : { title: "No open alerts", text: "Low stock and run-out alerts appear here." })}>
        {(data) => (
          <Table head={["Opened", "Kind", "SKU", "Location", "Available", "State", ""]}>
            {nodes(data.stockAlerts).map((alert) => (
              <tr key={alert.id}>
                <Cell>{formatDate(alert.openedAt)}</Cell>
                <Cell>
                  <StatusChip status={alert.kind} />
                </Cell>
                <Cell>{alert.stock.sku}</Cell>
                <Cell>{alert.stock.location.name}</Cell>
                <Cell>{alert.stock.available}</Cell>
                <Cell>
                  <StatusChip status={alert.state} />
                </Cell>
                <Cell>
                  {alert.state === "OPEN" && (
                    <Button size="small" variant="tertiary" disabled={busy} onClick={() => acknowledge(alert)}>
                      Acknowledge
                    </Button>
                  )}
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </QueryBody>
    </Card>
  );
}

function Suggestions() {
  const query = useQuery(SUGGESTIONS);
  return (
    <Card title="Purchase suggestions">
      <QueryBody {...query} empty={(data) => (data.purchaseSuggestions.length ? null : { title: "Nothing to buy", text: "Suggestions follow each variant's reorder settings." })}>
        {(data) => (
          <Table head={["SKU", "Location", "Buy", "Available", "Reorder point", "Days of cover", "Runs out", "Arrives", "Supplier"]}>
            {data.purchaseSuggestions.map((item) => (
              <tr key={`${item.stock.sku}-${item.stock.location.name}`}>
                <Cell>{item.stock.sku}</Cell>
                <Cell>{item.stock.location.name}</Cell>
                <Cell>
                  <Text size={3} fontWeight="bold">{item.quantity}</Text>
                </Cell>
                <Cell>{item.available}</Cell>
                <Cell>{item.reorderPoint}</Cell>
                <Cell>{item.daysOfCover === null ? "—" : item.daysOfCover.toFixed(1)}</Cell>
                <Cell>
                  <Text size={3} color={item.runsOutBeforeRestock ? "critical1" : "default1"}>{item.runOutOn ?? "—"}</Text>
                </Cell>
                <Cell>{item.arrivesOn}</Cell>
                <Cell>{item.supplier || "—"}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </QueryBody>
    </Card>
  );
}
