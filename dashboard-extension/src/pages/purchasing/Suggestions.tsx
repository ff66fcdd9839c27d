/**
 * What to buy (soonest run-out first), turned into draft purchase orders: one per supplier and
 * location, quantities rounded up to each supplier's minimum and pack size by the server.
 */

import { useState } from "react";
import { Box, Button, Checkbox, Text } from "@saleor/macaw-ui";

import type { PurchaseOrdersFromSuggestionsMutation } from "../../api/generated/operations";
import { useQuery } from "../../app/hooks";
import { useMutation } from "../../app/mutation";
import { FieldErrors } from "../../components/forms";
import { Card, Cell, QueryBody, Select, Table } from "../../components/ui";
import { useLocations } from "../../queries/locations";
import { CREATE_FROM_SUGGESTIONS, PURCHASE_SUGGESTIONS } from "./documents";

type Created = NonNullable<PurchaseOrdersFromSuggestionsMutation["purchaseOrdersCreateFromSuggestions"]>;

export function Suggestions({ onOpenOrder }: { onOpenOrder: (id: string) => void }) {
  const { locations } = useLocations();
  const [locationId, setLocationId] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [created, setCreated] = useState<Created>();
  const { busy, errors, mutate } = useMutation();
  const query = useQuery(PURCHASE_SUGGESTIONS, { locationId: locationId || null });
  const suggestions = query.data?.purchaseSuggestions ?? [];
  const chosen = suggestions.filter((item) => selected.has(item.stock.id)).map((item) => item.stock.id);

  const create = async (stockIds: string[] | null) => {
    const result = await mutate(
      CREATE_FROM_SUGGESTIONS,
      { locationId: locationId || null, stockIds },
      "purchaseOrdersCreateFromSuggestions",
      "Draft purchase orders created",
    );
    if (!result) return;
    setCreated(result);
    setSelected(new Set());
    query.reload();
  };
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      {created && (
        <Card title="Drafts created">
          <Box display="flex" flexDirection="column" gap={2} data-testid="created-orders">
            {(created.purchaseOrders ?? []).map((order) => (
              <Box key={order.id} display="flex" gap={2} alignItems="center">
                <Button size="small" variant="tertiary" onClick={() => onOpenOrder(order.id)}>
                  {order.number}
                </Button>
                <Text size={2}>
                  {order.supplier.name} → {order.location.name}, {order.openUnits} units
                </Text>
              </Box>
            ))}
            {(created.unassignedSkus ?? []).length > 0 && (
              <Text size={2} color="critical1" data-testid="unassigned-skus">
                No supplier sells: {(created.unassignedSkus ?? []).join(", ")}. Add them to a supplier (Suppliers tab).
              </Text>
            )}
          </Box>
        </Card>
      )}
      <Card
        title="Purchase suggestions"
        actions={
          <>
            <Button variant="secondary" size="small" disabled={busy || chosen.length === 0} onClick={() => create(chosen)}>
              Create orders for selected ({chosen.length})
            </Button>
            <Button variant="primary" size="small" disabled={busy || suggestions.length === 0} onClick={() => create(null)}>
              Create orders for all
            </Button>
          </>
        }
      >
        <Box marginBottom={4}>
          <Select
            label="Location"
            value={locationId}
            onChange={(event) => setLocationId(event.target.value)}
            options={[{ value: "", label: "all" }, ...locations.map((location) => ({ value: location.id, label: location.name }))]}
          />
        </Box>
        <FieldErrors errors={errors} />
        <QueryBody {...query} empty={(data) => (data.purchaseSuggestions.length ? null : { title: "Nothing to buy", text: "Suggestions follow each variant's reorder settings and forecast." })}>
          {(data) => (
            <Table head={["", "SKU", "Location", "Buy", "Available", "Inbound", "Reorder point", "Days of cover", "Runs out", "Arrives", "Supplier"]} testId="purchase-suggestions">
              {data.purchaseSuggestions.map((item) => (
                <tr key={item.stock.id}>
                  <Cell>
                    <Checkbox checked={selected.has(item.stock.id)} onCheckedChange={() => toggle(item.stock.id)} aria-label={`Select ${item.stock.sku} at ${item.stock.location.name}`} />
                  </Cell>
                  <Cell>{item.stock.sku}</Cell>
                  <Cell>{item.stock.location.name}</Cell>
                  <Cell>
                    <Text size={3} fontWeight="bold">
                      {item.quantity}
                    </Text>
                  </Cell>
                  <Cell>{item.available}</Cell>
                  <Cell>{item.inbound}</Cell>
                  <Cell>{item.reorderPoint}</Cell>
                  <Cell>{item.daysOfCover === null || item.daysOfCover === undefined ? "—" : item.daysOfCover.toFixed(1)}</Cell>
                  <Cell>
                    <Text size={3} color={item.runsOutBeforeRestock ? "critical1" : "default1"}>
                      {item.runOutOn ?? "—"}
                    </Text>
                  </Cell>
                  <Cell>{item.arrivesOn}</Cell>
                  <Cell>{item.supplier || "—"}</Cell>
                </tr>
              ))}
            </Table>
          )}
        </QueryBody>
      </Card>
    </>
  );
}
