/** The orders behind a figure (insightsOrders), newest first, a page at a time. */

import { useEffect, useRef, useState } from "react";
import { Box, Button, Text } from "@saleor/macaw-ui";

import { errorMessage, nodes } from "../../api/client";
import type { InsightsOrdersQuery, OmsInsightsDrill } from "../../api/generated/operations";
import { useApp } from "../../app/AppContext";
import { Card, Cell, ErrorState, Loading, StatusChip, Table, formatDate, money } from "../../components/ui";
import { INSIGHTS_ORDERS } from "./documents";
import type { DrillScope } from "./figures";

export const PAGE_SIZE = 50;

export interface Drill extends DrillScope {
  figure: OmsInsightsDrill;
  /** What the list is of, e.g. "Split rate, 2026-11-02". */
  title: string;
}

type DrillOrder = InsightsOrdersQuery["insightsOrders"]["edges"][number]["node"];

export function DrillDown({ drill, onClose }: { drill: Drill; onClose: () => void }) {
  const { client, mode, openInDashboard } = useApp();
  const [orders, setOrders] = useState<DrillOrder[]>([]);
  const [page, setPage] = useState<{ totalCount: number; hasNextPage: boolean; endCursor: string | null }>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const top = useRef<HTMLDivElement>(null);

  const load = async (after: string | null, cancelled: () => boolean = () => false) => {
    setLoading(true);
    setError(undefined);
    try {
      const data = await client.request(INSIGHTS_ORDERS, {
        range: drill.range,
        figure: drill.figure,
        channel: drill.channel,
        currency: drill.currency,
        locationId: drill.locationId,
        first: PAGE_SIZE,
        after,
      });
      if (cancelled()) return;
      const connection = data.insightsOrders;
      setOrders((current) => (after ? [...current, ...nodes(connection)] : nodes(connection)));
      setPage({ totalCount: connection.totalCount, ...connection.pageInfo });
    } catch (caught) {
      if (!cancelled()) setError(errorMessage(caught));
    } finally {
      if (!cancelled()) setLoading(false);
    }
  };

  const key = JSON.stringify(drill);
  useEffect(() => {
    let cancelled = false;
    setOrders([]);
    setPage(undefined);
    // opened from a bar far down the page: bring the list into view
    top.current?.scrollIntoView?.({ behavior: "smooth", block: "start" });
    void load(null, () => cancelled);
    return () => {
      cancelled = true;
    };
    // the drill's content, not its identity
  }, [key]);

  return (
    <div ref={top}>
      <Card
        title={`Orders behind: ${drill.title}`}
        actions={
          <Button variant="tertiary" size="small" onClick={onClose}>
            Close
          </Button>
        }
      >
        <Box data-testid="drill-down">
          <Text as="p" size={2} color="default2" marginBottom={3}>
            {drill.range.gte} – {drill.range.lte}
            {drill.channel ? ` · channel ${drill.channel}` : ""}
            {drill.currency ? ` · ${drill.currency}` : ""}
            {page ? ` · ${page.totalCount} orders` : ""}
          </Text>
          {error && <ErrorState message={error} onRetry={() => void load(null)} />}
          {page && orders.length === 0 && <Text color="default2">No orders behind this figure.</Text>}
          {orders.length > 0 && (
            <Table head={["Order", "Placed", "Channel", "Total", "Status", "Shipments"]} testId="drill-orders">
              {orders.map((order) => (
                <tr key={order.saleorId} data-testid={`drill-order-${order.number}`}>
                  <Cell>
                    {mode === "dashboard" ? (
                      <Box
                        as="button"
                        onClick={() => openInDashboard(`/orders/${encodeURIComponent(order.saleorId)}`)}
                        backgroundColor="transparent"
                        borderWidth={0}
                        cursor="pointer"
                        padding={0}
                      >
                        <Text size={3} fontWeight="bold" color="accent1">
                          #{order.number}
                        </Text>
                      </Box>
                    ) : (
                      <Text size={3} fontWeight="bold">
                        #{order.number}
                      </Text>
                    )}
                  </Cell>
                  <Cell>{formatDate(order.createdAt)}</Cell>
                  <Cell>{order.channel}</Cell>
                  <Cell>{money(order.total, order.currency)}</Cell>
                  <Cell>
                    <StatusChip status={order.status} />
                  </Cell>
                  <Cell>{order.shipments}</Cell>
                </tr>
              ))}
            </Table>
          )}
          {loading && <Loading />}
          {page?.hasNextPage && !loading && (
            <Box marginTop={3}>
              <Button variant="secondary" size="small" onClick={() => void load(page.endCursor)}>
                Load more ({orders.length} of {page.totalCount})
              </Button>
            </Box>
          )}
        </Box>
      </Card>
    </div>
  );
}
