/** PRODUCT_DETAILS_WIDGETS: the product's stock by location and what each channel may sell. */

import { useEffect, useRef, useState } from "react";
import { Box, Text } from "@saleor/macaw-ui";

import { errorMessage, nodes } from "../api/client";
import { graphql, type TypedDocument } from "../api/graphql";
import type { AvailabilityQuery, StockLevelFragment } from "../api/generated/operations";
import { useApp } from "../app/AppContext";
import { useQuery } from "../app/hooks";
import { STOCK_LEVEL, StockLevelsTable } from "../components/StockLevelsTable";
import { Cell, EmptyState, ErrorState, Loading, QueryBody, Table } from "../components/ui";
import { INVENTORY_CHANNELS } from "../queries/inventoryChannels";
import { AutoResize } from "./AutoResize";
import { extensionParams } from "./params";

interface Variant {
  id: string;
  sku: string | null;
  name: string;
}

// Saleor knows a product's variants; the OMS keys stock by variant. Saleor's schema is not
// the OMS's, so this document is typed by hand (the documents test validates it against
// Saleor's schema from the contract pack).
export const SALEOR_PRODUCT = `query ProductVariants($id: ID!) { product(id: $id) { name variants { id sku name } } }` as TypedDocument<
  { product: { name: string; variants: Variant[] | null } | null },
  { id: string }
>;
export const LEVELS = graphql(`
query ProductStock($sku: String, $variantId: String) {
  stockLevels(sku: $sku, variantId: $variantId, first: 100) { edges { node { ...StockLevel } } }
}`, STOCK_LEVEL);
export const AVAILABILITY = graphql(`
query Availability($channel: String!, $variantIds: [String!]!) {
  channelAvailability(channel: $channel, variantIds: $variantIds) { variantId channel available availableToSell }
}`);

type ChannelAvailability = AvailabilityQuery["channelAvailability"][number];

export function ProductStockWidget() {
  const { mode, saleorClient } = useApp();
  const rootRef = useRef<HTMLDivElement>(null);
  const params = extensionParams();
  const sku = params.sku;
  const [variants, setVariants] = useState<Variant[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!params.productId || !saleorClient) return;
    saleorClient
      .request(SALEOR_PRODUCT, { id: params.productId })
      .then((data) => setVariants(data.product?.variants ?? []))
      .catch((caught: unknown) => setError(errorMessage(caught)));
  }, [params.productId, saleorClient]);

  let body;
  if (error) body = <ErrorState message={error} />;
  else if (sku) body = <VariantStock skus={[sku]} variantIds={[]} />;
  else if (!params.productId) body = <EmptyState title="No product" text="This widget shows the product of the Dashboard page it sits on." />;
  else if (!saleorClient) body = <EmptyState title="Open this inside the Dashboard" text="Standalone, pass ?sku=<SKU> instead." />;
  else if (!variants) body = <Loading />;
  else body = <VariantStock skus={[]} variantIds={variants.map((variant) => variant.id)} />;

  return (
    <Box ref={rootRef} padding={4} display="flex" flexDirection="column" gap={4} data-testid="product-widget">
      {mode === "dashboard" && <AutoResize rootRef={rootRef} />}
      {body}
    </Box>
  );
}

function VariantStock({ skus, variantIds }: { skus: string[]; variantIds: string[] }) {
  // One query per variant (a product has few); the OMS filters by one variant or SKU at a time.
  const first = useQuery(LEVELS, { sku: skus[0] ?? null, variantId: variantIds[0] ?? null });
  const [more, setMore] = useState<StockLevelFragment[]>([]);
  const { client } = useApp();
  const restKey = variantIds.slice(1).join(",");
  useEffect(() => {
    const rest = restKey ? restKey.split(",") : [];
    if (rest.length === 0) return;
    Promise.all(rest.map((variantId) => client.request(LEVELS, { variantId, sku: null })))
      .then((pages) => setMore(pages.flatMap((page) => nodes(page.stockLevels))))
      .catch(() => setMore([]));
  }, [client, restKey]);
  const levels = first.data ? [...nodes(first.data.stockLevels), ...more] : [];
  const ids = [...new Set(levels.map((level) => level.variantId))];
  return (
    <>
      <Text fontWeight="bold">Stock by location</Text>
      <QueryBody {...first} empty={() => (levels.length ? null : { title: "No stock recorded", text: "The OMS has no stock of this product yet." })}>
        {() => <StockLevelsTable levels={levels} />}
      </QueryBody>
      {ids.length > 0 && <ChannelStock variantIds={ids} skuOf={(id) => levels.find((level) => level.variantId === id)?.sku ?? id} />}
    </>
  );
}

function ChannelStock({ variantIds, skuOf }: { variantIds: string[]; skuOf: (id: string) => string }) {
  const { client } = useApp();
  const channels = useQuery(INVENTORY_CHANNELS);
  const [rows, setRows] = useState<ChannelAvailability[]>();
  const key = variantIds.join(",");
  useEffect(() => {
    if (!channels.data) return;
    Promise.all(
      channels.data.inventoryChannels.map((channel) =>
        client.request(AVAILABILITY, { channel: channel.slug, variantIds: key.split(",") }),
      ),
    )
      .then((pages) => setRows(pages.flatMap((page) => page.channelAvailability)))
      .catch(() => setRows([]));
  }, [channels.data, client, key]);
  if (!rows) return channels.error ? null : <Loading />;
  if (rows.length === 0) return null;
  return (
    <>
      <Text fontWeight="bold">Available to sell by channel</Text>
      <Table head={["Channel", "SKU", "Available", "To sell (after buffer)"]} testId="channel-availability">
        {rows.map((row) => (
          <tr key={`${row.channel}-${row.variantId}`}>
            <Cell>{row.channel}</Cell>
            <Cell>{skuOf(row.variantId)}</Cell>
            <Cell>{row.available}</Cell>
            <Cell>{row.availableToSell}</Cell>
          </tr>
        ))}
      </Table>
    </>
  );
}
