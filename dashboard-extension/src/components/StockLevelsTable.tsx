/** Stock levels by location as a table: the Stock page's levels and the product widget's. */

import type { ReactNode } from "react";
import { Text } from "@saleor/macaw-ui";

import { graphql } from "../api/graphql";
import type { StockLevelFragment } from "../api/generated/operations";
import { Cell, Table } from "./ui";

/** What the table shows of a level. */
export const STOCK_LEVEL = graphql(`
fragment StockLevel on OmsStockLevel { id variantId sku onHand allocated reserved safetyStock available location { id name } }`);

export function StockLevelsTable({ levels, action }: { levels: StockLevelFragment[]; action?: (level: StockLevelFragment) => ReactNode }) {
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
