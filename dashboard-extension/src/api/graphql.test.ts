/**
 * `graphql(…)`: a document is its source followed by the fragments it spreads, and its types
 * are the ones codegen wrote for the operation its source names (checked by the type check of
 * `npm run build`: each `@ts-expect-error` below must stay an error).
 */
import { describe, expect, it } from "vitest";

import { LOCATION_CHOICE, LOCATIONS } from "../queries/locations";
import type { OperationName, ResultOf, VariablesOf } from "./graphql";
import { SHIPMENT_LINES } from "../extensions/ShortPick";

describe("graphql documents", () => {
  it("append the fragments their source spreads", () => {
    expect(LOCATIONS).toContain("query Locations");
    expect(LOCATIONS.endsWith(LOCATION_CHOICE)).toBe(true);
    expect(LOCATION_CHOICE.trim().startsWith("fragment LocationChoice on OmsLocation")).toBe(true);
  });

  it("are typed by the operation their source names", () => {
    const named: OperationName<"\n  query Orders($first: Int) { orders { totalCount } }"> = "Orders";
    const bare: OperationName<"mutation Ack{ x }"> = "Ack";
    expect([named, bare]).toEqual(["Orders", "Ack"]);

    const locations: ResultOf<typeof LOCATIONS> = { locations: { edges: [] } };
    // @ts-expect-error: the Locations query asks for no orders
    locations.orders;
    const variables: VariablesOf<typeof SHIPMENT_LINES> = { id: "U2hpcDox" };
    // @ts-expect-error: ShipmentLines takes the shipment's id, nothing else
    const wrong: VariablesOf<typeof SHIPMENT_LINES> = { id: "U2hpcDox", first: 1 };
    expect([locations.locations.edges, variables, wrong]).toBeTruthy();
  });
});
