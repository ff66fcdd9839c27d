/**
 * The views the Dashboard shows on its own pages: widgets and popups. They never render the
 * app's navigation or its pages, whatever address they end up at.
 */

import { Box } from "@saleor/macaw-ui";
import { Route, Routes } from "react-router-dom";

import { EmptyState } from "../components/ui";
import { OrderActionPage } from "./OrderAction";
import { OrderWidget } from "./OrderWidget";
import { ProductStockWidget } from "./ProductStockWidget";

export function ExtensionViews() {
  return (
    <Routes>
      <Route path="widgets/order" element={<OrderWidget />} />
      <Route path="widgets/product" element={<ProductStockWidget />} />
      <Route path="actions/route" element={<OrderActionPage action="route" />} />
      <Route path="actions/return" element={<OrderActionPage action="return" />} />
      <Route
        path="*"
        element={
          <Box padding={4}>
            <EmptyState title="Unknown view" text="This Dashboard extension of the OMS does not exist; reinstall the app to refresh its extensions." />
          </Box>
        }
      />
    </Routes>
  );
}
