import { lazy, Suspense } from "react";
import { Box, Button, Text } from "@saleor/macaw-ui";
import { NavLink, Navigate, Outlet, Route, Routes, useLocation, useParams } from "react-router-dom";

import { Loading } from "../components/ui";
import { ExtensionViews } from "../extensions/ExtensionViews";
import { isEmbeddedView } from "../extensions/routing";
import { CapturePage } from "../pages/Capture";
import { OrdersPage } from "../pages/Orders";
import { LocationsPage } from "../pages/Locations";
import { OverviewPage } from "../pages/Overview";
import { PurchasingPage } from "../pages/Purchasing";
import { DraftOrderPage } from "../pages/DraftOrder";
import { ReturnsPage } from "../pages/Returns";
import { ReviewPage } from "../pages/Review";
import { RoutingPage } from "../pages/Routing";
import { RulesPage } from "../pages/Rules";
import { SettingsPage } from "../pages/Settings";
import { StockPage } from "../pages/Stock";
import { TasksPage } from "../pages/Tasks";
import { WarehousePage } from "../pages/Warehouse";
import { useApp } from "./AppContext";
import { forgetCredentials } from "./credentials";

// The charts library is large: the Insights page loads with it when opened, not with every
// widget and popup (which load this bundle too).
const InsightsPage = lazy(() => import("../pages/Insights").then((module) => ({ default: module.InsightsPage })));

export const PAGES = [
  { path: "overview", label: "Overview" },
  { path: "insights", label: "Insights" },
  { path: "orders", label: "Orders" },
  { path: "review", label: "Review" },
  { path: "new-order", label: "New order" },
  { path: "capture", label: "Capture" },
  { path: "routing", label: "Routing" },
  { path: "rules", label: "Rules" },
  { path: "stock", label: "Stock" },
  { path: "purchasing", label: "Purchasing" },
  { path: "locations", label: "Locations" },
  { path: "warehouse", label: "Warehouse" },
  { path: "returns", label: "Returns" },
  { path: "tasks", label: "Tasks" },
  { path: "settings", label: "Settings" },
] as const;

export function App({ onSignOut }: { onSignOut?: () => void }) {
  const { pathname } = useLocation();
  // Dashboard widgets and popups: their own view, never the app's navigation.
  if (isEmbeddedView(pathname)) return <ExtensionViews />;
  return (
    <Routes>
      {/* Installed with an older manifest, the Dashboard opens the app page at /app/app/… */}
      <Route path="app/*" element={<LegacyAppPath />} />
      <Route element={<Layout onSignOut={onSignOut} />}>
        <Route index element={<Navigate to="overview" replace />} />
        <Route path="overview" element={<OverviewPage />} />
        <Route
          path="insights"
          element={
            <Suspense fallback={<Loading />}>
              <InsightsPage />
            </Suspense>
          }
        />
        <Route path="orders" element={<OrdersPage />} />
        <Route path="review" element={<ReviewPage />} />
        <Route path="new-order" element={<DraftOrderPage />} />
        <Route path="capture" element={<CapturePage />} />
        <Route path="routing" element={<RoutingPage />} />
        <Route path="rules" element={<RulesPage />} />
        <Route path="stock" element={<StockPage />} />
        <Route path="purchasing" element={<PurchasingPage />} />
        <Route path="locations" element={<LocationsPage />} />
        <Route path="warehouse/*" element={<WarehousePage />} />
        <Route path="returns" element={<ReturnsPage />} />
        <Route path="tasks" element={<TasksPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<Navigate to="overview" replace />} />
      </Route>
    </Routes>
  );
}

function LegacyAppPath() {
  const rest = useParams()["*"] ?? "";
  const { search } = useLocation();
  return <Navigate to={`/${rest || "overview"}${search}`} replace />;
}

function Layout({ onSignOut }: { onSignOut?: () => void }) {
  const { mode } = useApp();
  return (
    <Box display="flex" flexDirection="column" style={{ minHeight: "100vh" }}>
      <Box
        as="nav"
        aria-label="OMS"
        display="flex"
        alignItems="center"
        gap={1}
        paddingX={6}
        paddingY={3}
        borderBottomWidth={1}
        borderBottomStyle="solid"
        borderColor="default1"
        flexWrap="wrap"
      >
        <Text fontWeight="bold" marginRight={4}>
          Saleor OMS
        </Text>
        {PAGES.map((page) => (
          <NavLink key={page.path} to={page.path} style={{ textDecoration: "none" }}>
            {({ isActive }) => (
              <Box
                as="span"
                paddingX={3}
                paddingY={1.5}
                borderRadius={3}
                backgroundColor={isActive ? "default1Pressed" : "transparent"}
              >
                <Text size={3} fontWeight={isActive ? "bold" : "regular"}>
                  {page.label}
                </Text>
              </Box>
            )}
          </NavLink>
        ))}
        {mode === "standalone" && onSignOut && (
          <Box marginLeft="auto">
            <Button
              variant="tertiary"
              size="small"
              onClick={() => {
                forgetCredentials();
                onSignOut();
              }}
            >
              Sign out
            </Button>
          </Box>
        )}
      </Box>
      <Box as="main" padding={6} style={{ maxWidth: 1280 }} width="100%" marginX="auto">
        <Outlet />
      </Box>
    </Box>
  );
}
