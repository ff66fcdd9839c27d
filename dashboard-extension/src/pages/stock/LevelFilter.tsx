/** The stock levels a per-level editor lists, filtered by SKU and location, with its filter bar. */

import { useState, type ReactNode } from "react";
import { Box, Input } from "@saleor/macaw-ui";

import { graphql } from "../../api/graphql";
import type { SafetyLevelsQuery } from "../../api/generated/operations";
import { useQuery, type QueryState } from "../../app/hooks";
import { Select } from "../../components/ui";
import { useLocations } from "../../queries/locations";
import { LEVEL_ROW } from "./shared";

export const FILTERED_LEVELS = graphql(`
query SafetyLevels($sku: String, $locationId: ID) {
  stockLevels(sku: $sku, locationId: $locationId, first: 100) { totalCount edges { node { ...LevelRow } } }
}`, LEVEL_ROW);

export function useFilteredLevels(): { levels: QueryState<SafetyLevelsQuery>; filterBar: ReactNode } {
  const [sku, setSku] = useState("");
  const [locationId, setLocationId] = useState("");
  const { locations } = useLocations();
  const levels = useQuery(FILTERED_LEVELS, { sku: sku.trim() || null, locationId: locationId || null });
  const filterBar = (
    <Box display="flex" gap={3} alignItems="flex-end" marginBottom={4} flexWrap="wrap">
      <Input label="SKU" size="small" value={sku} onChange={(event) => setSku(event.target.value)} />
      <Select
        label="Location"
        value={locationId}
        onChange={(event) => setLocationId(event.target.value)}
        options={[{ value: "", label: "all" }, ...locations.map((location) => ({ value: location.id, label: location.name }))]}
      />
    </Box>
  );
  return { levels, filterBar };
}
