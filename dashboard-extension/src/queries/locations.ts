/**
 * The Locations query: every active location (the first 100), for the pickers and lists of
 * the Returns, Routing and Stock pages. One document, so one request shape and one type.
 */

import { nodes } from "../api/client";
import { graphql } from "../api/graphql";
import type { LocationChoiceFragment } from "../api/generated/operations";
import { useQuery } from "../app/hooks";

/** What a picker shows of a location (also what a channel lists of its locations). */
export const LOCATION_CHOICE = graphql(`
fragment LocationChoice on OmsLocation { id saleorId name city country kind }`);

export const LOCATIONS = graphql(`
query Locations { locations(first: 100) { edges { node { ...LocationChoice } } } }`, LOCATION_CHOICE);

export type LocationChoice = LocationChoiceFragment;

/** The Locations query, with its locations as a list (empty until it answered). */
export function useLocations() {
  const query = useQuery(LOCATIONS);
  return { ...query, locations: query.data ? nodes(query.data.locations) : [] };
}
