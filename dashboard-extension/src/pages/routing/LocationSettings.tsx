/**
 * A location's routing settings: tags, whether it ships or serves pickup, capacity, cut-off,
 * costs. The editor is the Locations page's (each row opens it there too).
 */

import { useState } from "react";
import { Box } from "@saleor/macaw-ui";

import { Card, QueryBody, Select } from "../../components/ui";
import { useLocations } from "../../queries/locations";
import { LocationRoutingSettingsEditor } from "../locations/RoutingSettings";

export function LocationSettings() {
  const { locations: list, ...locations } = useLocations();
  const [locationId, setLocationId] = useState("");
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
