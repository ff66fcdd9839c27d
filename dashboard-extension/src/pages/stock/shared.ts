/** What the stock management screens share: the location list and the level shape they edit. */

import { nodes } from "../../api/client";
import type { Connection } from "../../api/types";
import { useQuery } from "../../app/hooks";

export const LOCATION_CHOICES = `query LocationChoices { locations(first: 100) { edges { node { id name kind } } } }`;

export interface LocationChoice {
  id: string;
  name: string;
  kind: string;
}

export function useLocationChoices() {
  const query = useQuery<{ locations: Connection<LocationChoice> }>(LOCATION_CHOICES);
  return { ...query, locations: query.data ? nodes(query.data.locations) : [] };
}

export interface LevelRow {
  id: string;
  variantId: string;
  sku: string;
  onHand: number;
  available: number;
  safetyStock: number;
  location: { id: string; name: string };
}

export const LEVEL_ROW_FIELDS = "id variantId sku onHand available safetyStock location { id name }";
