/** Safety stock per stock level: units never offered for sale (`safetyStockSet`). */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { nodes } from "../../api/client";
import { graphql } from "../../api/graphql";
import { errorFor, useMutation } from "../../app/mutation";
import { FieldErrors, wholeNumber } from "../../components/forms";
import { Card, Cell, QueryBody, Table } from "../../components/ui";
import { useFilteredLevels } from "./LevelFilter";
import type { LevelRow } from "./shared";

export const SAFETY_STOCK_SET = graphql(`
mutation SafetyStockSet($input: OmsSafetyStockSetInput!) {
  safetyStockSet(input: $input) { stockLevel { id safetyStock available } errors { field message code } }
}`);

export function SafetyStock() {
  const { levels, filterBar } = useFilteredLevels();
  return (
    <Card title="Safety stock">
      <Text as="p" color="default2" marginBottom={3}>
        Units kept back at a location: never offered to any channel, never reserved.
      </Text>
      {filterBar}
      <QueryBody {...levels} empty={(data) => (data.stockLevels.edges.length ? null : { title: "No stock here" })}>
        {(data) => (
          <Table head={["SKU", "Location", "On hand", "Available", "Safety stock"]} testId="safety-stock">
            {nodes(data.stockLevels).map((level) => (
              <SafetyRow key={level.id} level={level} onSaved={levels.reload} />
            ))}
          </Table>
        )}
      </QueryBody>
    </Card>
  );
}

function SafetyRow({ level, onSaved }: { level: LevelRow; onSaved: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [value, setValue] = useState(String(level.safetyStock));
  const quantity = wholeNumber(value);
  const save = async () => {
    if (quantity === null) return;
    const done = await mutate(
      SAFETY_STOCK_SET,
      { input: { locationId: level.location.id, variantId: level.variantId, quantity } },
      "safetyStockSet",
      `Safety stock of ${level.sku || level.variantId} at ${level.location.name}: ${quantity}`,
    );
    if (done) onSaved();
  };
  return (
    <tr data-testid={`safety-${level.sku || level.variantId}-${level.location.name}`}>
      <Cell>{level.sku || level.variantId}</Cell>
      <Cell>{level.location.name}</Cell>
      <Cell>{level.onHand}</Cell>
      <Cell>{level.available}</Cell>
      <Cell>
        <Box display="flex" flexDirection="column" gap={1}>
          <Box display="flex" gap={1} alignItems="center">
            <Input
              size="small"
              type="number"
              min={0}
              aria-label="Safety stock"
              value={value}
              error={Boolean(errorFor(errors, "quantity"))}
              onChange={(event) => setValue(event.target.value)}
              style={{ width: 90 }}
            />
            <Button size="small" variant="secondary" disabled={busy || quantity === null || quantity === level.safetyStock} onClick={save}>
              Save
            </Button>
          </Box>
          <FieldErrors errors={errors} />
        </Box>
      </Cell>
    </tr>
  );
}
