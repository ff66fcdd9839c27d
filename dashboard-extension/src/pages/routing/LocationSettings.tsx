/**
 * A location's routing settings: tags, whether it ships or serves pickup, capacity, cut-off,
 * costs. The editor is the Locations page's (each row opens it there too).
 */

import { useState } from "react";
import { Box } from "@saleor/macaw-ui";

import { nodes } from "../../api/client";
import type { Connection, Location } from "../../api/types";
import { useQuery } from "../../app/hooks";
import { Card, QueryBody, Select } from "../../components/ui";
import { LocationRoutingSettingsEditor } from "../locations/RoutingSettings";

export const LOCATIONS = `query Locations { locations(first: 100) { edges { node { id saleorId name city country } } } }`;

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
            {locationId && <LocationRoutingSettingsEditor key={locationId} locationId={locationId} />}
          </Box>
        )}
      </QueryBody>
    </Card>
  );
}
