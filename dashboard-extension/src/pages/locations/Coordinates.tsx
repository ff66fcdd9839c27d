/**
 * A location's coordinates in the Locations list.
 *
 * PLACEHOLDER for coordinates editing: setting latitude / longitude (`locationUpdate` for
 * outside locations; Saleor warehouses through their `oms.lat` / `oms.lng` metadata) and
 * showing `coordinatesSource` are added by a separate change. Replace this component; the
 * Locations page renders it in its "Coordinates" column and passes the whole location.
 */

import { Text } from "@saleor/macaw-ui";

import type { ManagedLocation } from "./NewLocation";

export function LocationCoordinates({ location }: { location: ManagedLocation; onChanged: () => void }) {
  if (location.latitude === null || location.longitude === null) return <Text size={2} color="default2">—</Text>;
  return (
    <Text size={2}>
      {location.latitude.toFixed(4)}, {location.longitude.toFixed(4)}
    </Text>
  );
}
