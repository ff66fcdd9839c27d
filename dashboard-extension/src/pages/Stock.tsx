/**
 * Stock: levels by location / variant / channel, movements, reservations, channels, and the
 * inventory domain's alerts, transfers, feeds and purchase suggestions.
 */

import { useState, type ReactNode } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { nodes, payloadOf } from "../api/client";
import type { Connection, InventoryChannel, Location, Payload, Reservation, StockLevel, StockMovement } from "../api/types";
import { useApp } from "../app/AppContext";
import { useAction, useQuery } from "../app/hooks";
import { Card, Cell, PageHeader, QueryBody, Select, StatusChip, Table, formatDate } from "../components/ui";

const LEVEL_FIELDS = "id variantId sku onHand allocated reserved safetyStock available location { id name }";
export const LEVELS = `
query Levels($sku: String, $locationId: ID, $channel: String) {
  stockLevels(sku: $sku, locationId: $locationId, channel: $channel, first: 100) { totalCount edges { node { ${LEVEL_FIELDS} } } }
}`;
export const FILTERS = `query StockFilters { locations(first: 100) { edges { node { id saleorId name city country } } } inventoryChannels { slug name bufferKind bufferValue locations { name } } }`;
export const MOVEMENTS = `
query Movements { stockMovements(first: 50) { edges { node { id reason onHandDelta onHandAfter reference note createdAt stock { sku location { name } } } } } }`;
export const RESERVATIONS = `
query Reservations { reservations(first: 50) { edges { node { id reference channel state expiresAt lines { variantId quantity location { name } } } } } }`;
export const ALERTS = `
query Alerts { stockAlerts(first: 50) { edges { node { id kind state openedAt stock { sku available location { name } } } } } }`;
export const ACKNOWLEDGE = `mutation Ack($id: ID!) { stockAlertAcknowledge(id: $id) { errors { field message code } } }`;
export const TRANSFERS = `
query Transfers { transfers(first: 50) { edges { node { id state reference createdAt fromLocation { name } toLocation { name } lines { variantId quantity receivedQuantity } } } } }`;
export const FEEDS = `
query Feeds { stockFeedRuns(first: 50) { edges { node { id source status linesTotal linesApplied linesFailed createdAt } } } }`;
export const SUGGESTIONS = `
query Suggestions { purchaseSuggestions { quantity available reorderPoint supplier daysOfCover runOutOn arrivesOn runsOutBeforeRestock stock { sku location { name } } } }`;
export const ADJUST = `
mutation Adjust($input: OmsStockAdjustInput!) { stockAdjust(input: $input) { stockLevel { id onHand available } errors { field message code } } }`;

const TABS = ["Levels", "Movements", "Reservations", "Channels", "Alerts", "Transfers", "Feeds", "Suggestions"] as const;
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
      {tab === "Movements" && <Movements />}
      {tab === "Reservations" && <Reservations />}
      {tab === "Channels" && <Channels />}
      {tab === "Alerts" && <Alerts />}
      {tab === "Transfers" && <Transfers />}
      {tab === "Feeds" && <Feeds />}
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
  const [adjusting, setAdjusting] = useState<{ level: StockLevel; delta: string }>();
  const filters = useQuery<{ locations: Connection<Location>; inventoryChannels: InventoryChannel[] }>(FILTERS);
  const levels = useQuery<{ stockLevels: Connection<StockLevel> }>(LEVELS, { sku: sku.trim() || null, locationId: locationId || null, channel: channel || null });

  const adjust = async () => {
    if (!adjusting) return;
    const { level, delta } = adjusting;
    const done = await run(async () => {
      const data = await client.request<{ stockAdjust: Payload }>(ADJUST, { input: { locationId: level.location.id, variantId: level.variantId, delta: Number(delta) } });
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
          options={[{ value: "", label: "all" }, ...(filters.data ? nodes(filters.data.locations) : []).map((location) => ({ value: location.id, label: location.name }))]}
        />
        <Select
          label="Channel"
          value={channel}
          onChange={(event) => setChannel(event.target.value)}
          options={[{ value: "", label: "all" }, ...(filters.data?.inventoryChannels ?? []).map((item) => ({ value: item.slug, label: item.name || item.slug }))]}
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

export function StockLevelsTable({ levels, action }: { levels: StockLevel[]; action?: (level: StockLevel) => ReactNode }) {
  return (
    <Table head={["SKU", "Location", "On hand", "Allocated", "Reserved", "Safety", "Available", ...(action ? [""] : [])]} testId="stock-levels">
      {levels.map((level) => (
        <tr key={level.id}>
          <Cell>{level.sku || level.variantId}</Cell>
          <Cell>{level.location.name}</Cell>
          <Cell>{level.onHand}</Cell>
          <Cell>{level.allocated}</Cell>
          <Cell>{level.reserved}</Cell>
          <Cell>{level.safetyStock}</Cell>
          <Cell>
            <Text size={3} fontWeight="bold" color={level.available <= 0 ? "critical1" : level.available <= level.safetyStock ? "warning1" : "default1"}>
              {level.available}
            </Text>
          </Cell>
          {action && <Cell>{action(level)}</Cell>}
        </tr>
      ))}
    </Table>
  );
}

function Movements() {
  const query = useQuery<{ stockMovements: Connection<StockMovement> }>(MOVEMENTS);
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
  const query = useQuery<{ reservations: Connection<Reservation> }>(RESERVATIONS);
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

function Channels() {
  const query = useQuery<{ inventoryChannels: InventoryChannel[] }>(FILTERS);
  return (
    <Card title="Channels">
      <QueryBody {...query} empty={(data) => (data.inventoryChannels.length ? null : { title: "No channels yet" })}>
        {(data) => (
          <Table head={["Channel", "Buffer", "Locations serving it (priority order)"]}>
            {data.inventoryChannels.map((channel) => (
              <tr key={channel.slug}>
                <Cell>{channel.name || channel.slug}</Cell>
                <Cell>{channel.bufferKind === "NONE" ? "none" : channel.bufferKind === "PERCENT" ? `${channel.bufferValue}%` : `${channel.bufferValue} units`}</Cell>
                <Cell>{channel.locations.map((location) => location.name).join(" → ") || "—"}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </QueryBody>
    </Card>
  );
}

interface Alert {
  id: string;
  kind: string;
  state: string;
  openedAt: string;
  stock: { sku: string; available: number; location: { name: string } };
}

function Alerts() {
  const { client } = useApp();
  const { busy, run } = useAction();
  const query = useQuery<{ stockAlerts: Connection<Alert> }>(ALERTS);
  const acknowledge = (alert: Alert) =>
    run(async () => {
      const data = await client.request<{ stockAlertAcknowledge: Payload }>(ACKNOWLEDGE, { id: alert.id });
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

interface Transfer {
  id: string;
  state: string;
  reference: string;
  createdAt: string;
  fromLocation: { name: string };
  toLocation: { name: string };
  lines: { variantId: string; quantity: number; receivedQuantity: number | null }[];
}

function Transfers() {
  const query = useQuery<{ transfers: Connection<Transfer> }>(TRANSFERS);
  return (
    <Card title="Transfers (newest 50)">
      <QueryBody {...query} empty={(data) => (data.transfers.edges.length ? null : { title: "No transfers" })}>
        {(data) => (
          <Table head={["Created", "Reference", "From", "To", "Units", "State"]}>
            {nodes(data.transfers).map((transfer) => (
              <tr key={transfer.id}>
                <Cell>{formatDate(transfer.createdAt)}</Cell>
                <Cell>{transfer.reference || "—"}</Cell>
                <Cell>{transfer.fromLocation.name}</Cell>
                <Cell>{transfer.toLocation.name}</Cell>
                <Cell>{transfer.lines.reduce((sum, line) => sum + line.quantity, 0)}</Cell>
                <Cell>
                  <StatusChip status={transfer.state} />
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </QueryBody>
    </Card>
  );
}

interface FeedRun {
  id: string;
  source: string;
  status: string;
  linesTotal: number;
  linesApplied: number;
  linesFailed: number;
  createdAt: string;
}

function Feeds() {
  const query = useQuery<{ stockFeedRuns: Connection<FeedRun> }>(FEEDS);
  return (
    <Card title="Feed runs (newest 50)">
      <QueryBody {...query} empty={(data) => (data.stockFeedRuns.edges.length ? null : { title: "No feed runs", text: "ERPs and 3PLs push stock feeds through the API." })}>
        {(data) => (
          <Table head={["Received", "Source", "Status", "Lines", "Applied", "Failed"]}>
            {nodes(data.stockFeedRuns).map((feed) => (
              <tr key={feed.id}>
                <Cell>{formatDate(feed.createdAt)}</Cell>
                <Cell>{feed.source}</Cell>
                <Cell>
                  <StatusChip status={feed.status} />
                </Cell>
                <Cell>{feed.linesTotal}</Cell>
                <Cell>{feed.linesApplied}</Cell>
                <Cell>
                  <Text size={3} color={feed.linesFailed ? "critical1" : "default1"}>{feed.linesFailed}</Text>
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </QueryBody>
    </Card>
  );
}

interface Suggestion {
  quantity: number;
  available: number;
  reorderPoint: number;
  supplier: string;
  daysOfCover: number | null;
  runOutOn: string | null;
  arrivesOn: string;
  runsOutBeforeRestock: boolean;
  stock: { sku: string; location: { name: string } };
}

function Suggestions() {
  const query = useQuery<{ purchaseSuggestions: Suggestion[] }>(SUGGESTIONS);
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
