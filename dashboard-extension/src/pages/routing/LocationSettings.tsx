/** A location's routing settings: tags, whether it ships or serves pickup, capacity, cut-off, costs. */

import { useState } from "react";
import { Box, Button, Checkbox, Input, Text } from "@saleor/macaw-ui";

import { nodes, payloadOf } from "../../api/client";
import type { Connection, Location, LocationRoutingSettings, Payload } from "../../api/types";
import { useApp } from "../../app/AppContext";
import { useAction, useQuery } from "../../app/hooks";
import { Card, Loading, QueryBody, Select } from "../../components/ui";

export const LOCATIONS = `query Locations { locations(first: 100) { edges { node { id saleorId name city country } } } }`;
const SETTINGS_FIELDS = "tags ships pickup dailyParcelCapacity cutoffTime timeZone priority parcelFixedCost handlingCostPerUnit";
export const SETTINGS = `query Settings($id: ID!) { locationRoutingSettings(locationId: $id) { ${SETTINGS_FIELDS} } }`;
export const UPDATE = `
mutation Update($id: ID!, $input: OmsLocationRoutingSettingsInput!) {
  locationRoutingSettingsUpdate(locationId: $id, input: $input) { settings { ${SETTINGS_FIELDS} } errors { field message code } }
}`;

export function LocationSettings() {
  const locations = useQuery<{ locations: Connection<Location> }>(LOCATIONS);
  const [locationId, setLocationId] = useState("");
  const list = locations.data ? nodes(locations.data.locations) : [];
  return (
    <Card title="Location settings">
      <QueryBody {...locations} empty={() => (list.length ? null : { title: "No locations", text: "Saleor's warehouses appear here once imported." })}>
        {() => (
          <Box display="flex" flexDirection="column" gap={4}>
            <Select
              label="Location"
              value={locationId}
              onChange={(event) => setLocationId(event.target.value)}
              options={[{ value: "", label: "Choose a location…" }, ...list.map((location) => ({ value: location.id, label: `${location.name} (${location.city || location.country})` }))]}
            />
            {locationId && <SettingsForm key={locationId} locationId={locationId} />}
          </Box>
        )}
      </QueryBody>
    </Card>
  );
}

function SettingsForm({ locationId }: { locationId: string }) {
  const { client } = useApp();
  const { busy, run } = useAction();
  const query = useQuery<{ locationRoutingSettings: LocationRoutingSettings }>(SETTINGS, { id: locationId });
  const [draft, setDraft] = useState<LocationRoutingSettings>();
  const current = draft ?? query.data?.locationRoutingSettings;
  if (!current) return query.loading ? <Loading /> : null;

  const set = <K extends keyof LocationRoutingSettings>(key: K, value: LocationRoutingSettings[K]) => setDraft({ ...current, [key]: value });
  const numberOrNull = (value: string) => (value.trim() === "" ? null : Number(value));
  const save = () =>
    run(async () => {
      const input = { ...current, cutoffTime: current.cutoffTime || null };
      const data = await client.request<{ locationRoutingSettingsUpdate: Payload & { settings: LocationRoutingSettings } }>(UPDATE, { id: locationId, input });
      setDraft(payloadOf(data.locationRoutingSettingsUpdate).settings);
    }, "Location settings saved");

  return (
    <Box display="grid" gap={3} style={{ gridTemplateColumns: "repeat(3, minmax(0, 1fr))" }} data-testid="location-settings">
      <Input label="Tags (comma separated)" value={current.tags.join(", ")} onChange={(e) => set("tags", e.target.value.split(",").map((tag) => tag.trim()).filter(Boolean))} />
      <Input label="Daily parcel capacity" type="number" value={current.dailyParcelCapacity ?? ""} onChange={(e) => set("dailyParcelCapacity", numberOrNull(e.target.value))} />
      <Input label="Priority" type="number" value={String(current.priority)} onChange={(e) => set("priority", Number(e.target.value))} />
      <Input label="Cut-off time" type="time" value={current.cutoffTime?.slice(0, 5) ?? ""} onChange={(e) => set("cutoffTime", e.target.value || null)} />
      <Input label="Time zone" value={current.timeZone} onChange={(e) => set("timeZone", e.target.value)} />
      <Input label="Parcel cost" type="number" value={String(current.parcelFixedCost)} onChange={(e) => set("parcelFixedCost", Number(e.target.value))} />
      <Input label="Handling cost per unit" type="number" value={String(current.handlingCostPerUnit)} onChange={(e) => set("handlingCostPerUnit", Number(e.target.value))} />
      <Checkbox checked={current.ships} onCheckedChange={(checked) => set("ships", checked === true)}>
        <Text>Ships orders</Text>
      </Checkbox>
      <Checkbox checked={current.pickup === true} onCheckedChange={(checked) => set("pickup", checked === true)}>
        <Text>Serves pickup</Text>
      </Checkbox>
      <Box>
        <Button variant="primary" onClick={save} disabled={busy || !draft}>
          Save settings
        </Button>
      </Box>
    </Box>
  );
}
