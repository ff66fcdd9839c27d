/** Returns over a range: refunds per currency, the top reasons, and each product's return rate. */

import { Box, Text } from "@saleor/macaw-ui";

import { useQuery } from "../../app/hooks";
import { BarChart, Card, Cell, QueryBody, Table, money } from "../../components/ui";
import { INSIGHTS_RETURNS } from "./documents";
import { formatFigure } from "./figures";
import type { DayRange } from "./range";

export function ReturnsInsights({ range, channel }: { range: DayRange; channel: string | null }) {
  const query = useQuery(INSIGHTS_RETURNS, { range, channel, first: 50 });
  return (
    <QueryBody {...query}>
      {({ insightsReturns: returns }) => (
        <>
          <Box display="grid" gap={5} style={{ gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))" }}>
            <Card title="Refunds">
              {returns.refunds.length === 0 ? (
                <Text color="default2">No refunds in this range.</Text>
              ) : (
                <Table head={["Currency", "Refunded"]} testId="refunds">
                  {returns.refunds.map((refund) => (
                    <tr key={refund.currency}>
                      <Cell>{refund.currency}</Cell>
                      <Cell>{money(refund.amount, refund.currency)}</Cell>
                    </tr>
                  ))}
                </Table>
              )}
            </Card>
            <Card title="Top reasons">
              {returns.topReasons.length === 0 ? (
                <Text color="default2">No returns in this range.</Text>
              ) : (
                <BarChart label="Returns by reason" data={returns.topReasons.map((item) => ({ label: item.reason || "no reason", value: item.count }))} />
              )}
            </Card>
          </Box>
          <Card title="Products (highest return rate first)">
            {returns.products.length === 0 ? (
              <Text color="default2">Nothing was returned in this range.</Text>
            ) : (
              <Table head={["SKU", "Product", "Sold", "Returned", "Return rate", "Top reasons"]} testId="product-returns">
                {[...returns.products]
                  .sort((a, b) => (b.returnRate ?? -1) - (a.returnRate ?? -1))
                  .map((product) => (
                    <tr key={product.variantId}>
                      <Cell>{product.sku || product.variantId}</Cell>
                      <Cell>{product.productName || "—"}</Cell>
                      <Cell>{product.unitsSold}</Cell>
                      <Cell>{product.unitsReturned}</Cell>
                      <Cell>{formatFigure(product.returnRate ?? null, "rate")}</Cell>
                      <Cell>{product.topReasons.map((reason) => `${reason.reason || "no reason"} (${reason.count})`).join(", ") || "—"}</Cell>
                    </tr>
                  ))}
              </Table>
            )}
          </Card>
        </>
      )}
    </QueryBody>
  );
}
