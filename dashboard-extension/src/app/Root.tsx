/**
 * Boot: inside the Dashboard's iframe, wait for the App Bridge handshake (token, theme) and
 * follow the Dashboard's navigation; standalone, use `?token=` or the sign-in form.
 */

import { useEffect, useMemo, useRef, useState } from "react";
import { AppBridge, AppBridgeProvider, actions, useAppBridge } from "@saleor/app-sdk/app-bridge";
import { Box, ThemeProvider } from "@saleor/macaw-ui";
import { BrowserRouter, useLocation, useNavigate } from "react-router-dom";

import { Loading, Toasts } from "../components/ui";
import { appRouteFromDashboardPath, BASENAME, isEmbeddedView, routeForDashboard, withoutBasename } from "../extensions/routing";
import { AppContextProvider } from "./AppContext";
import { App, PAGES } from "./App";
import { captureUrlToken, isInIframe, standaloneToken } from "./credentials";
import { SignIn } from "./SignIn";

export function Root() {
  const framed = isInIframe();
  const bridge = useMemo(() => (framed ? new AppBridge({ autoNotifyReady: true }) : undefined), [framed]);
  if (bridge) return <DashboardRoot bridge={bridge} />;
  return (
    <BrowserRouter basename={BASENAME}>
      <StandaloneShell />
    </BrowserRouter>
  );
}

/** The app in a Dashboard frame (app page, widget or popup), talking App Bridge through `bridge`. */
export function DashboardRoot({ bridge }: { bridge: AppBridge }) {
  return (
    <AppBridgeProvider appBridgeInstance={bridge}>
      <BrowserRouter basename={BASENAME}>
        <DashboardShell bridge={bridge} />
      </BrowserRouter>
    </AppBridgeProvider>
  );
}

function DashboardShell({ bridge }: { bridge: AppBridge }) {
  const { appBridgeState } = useAppBridge();
  const navigate = useNavigate();
  const location = useLocation();
  // A widget or popup is one view for its whole life (decided by the address it was loaded at).
  const [embedded] = useState(() => isEmbeddedView(withoutBasename(window.location.pathname)));
  const pathnameRef = useRef(location.pathname);
  pathnameRef.current = location.pathname;

  // The Dashboard tells every frame where it is after the handshake (and on its back/forward):
  // only the app page follows, and only to one of its own pages it is not already on (the
  // event carries no query, which the address the app was loaded at may hold).
  useEffect(
    () =>
      bridge.subscribe("redirect", ({ path }) => {
        if (embedded) return;
        const route = appRouteFromDashboardPath(path, PAGES.map((page) => page.path));
        if (route && route !== pathnameRef.current) navigate(route);
      }),
    [bridge, navigate, embedded],
  );
  // …and is told where the app page went, so its address bar and history follow. Widgets and
  // popups live on the Dashboard's own pages and must leave its address alone.
  useEffect(() => {
    // the root only redirects to Overview: report where it lands, once
    if (embedded || isEmbeddedView(location.pathname) || location.pathname === "/") return;
    void bridge.dispatch(actions.UpdateRouting({ newRoute: routeForDashboard(location.pathname, location.search) }));
  }, [bridge, embedded, location.pathname, location.search]);

  const theme = appBridgeState?.theme === "dark" ? "defaultDark" : "defaultLight";
  const ready = Boolean(appBridgeState?.ready && appBridgeState.token);
  return (
    <ThemeProvider key={theme} defaultTheme={theme}>
      <AppContextProvider bridge={bridge} getToken={() => bridge.getState().token}>
        <Box backgroundColor="default1" style={{ minHeight: "100vh" }}>
          {ready ? <App /> : <Loading label="Connecting to the Dashboard…" />}
        </Box>
      </AppContextProvider>
    </ThemeProvider>
  );
}

function StandaloneShell() {
  const [token, setToken] = useState<string | undefined>(() => {
    captureUrlToken();
    return standaloneToken();
  });
  return (
    <ThemeProvider defaultTheme="defaultLight">
      <AppContextProvider getToken={() => token}>
        <Box backgroundColor="default1" style={{ minHeight: "100vh" }}>
          {token ? <App onSignOut={() => setToken(undefined)} /> : <SignIn onSignedIn={() => setToken(standaloneToken())} />}
          <Toasts />
        </Box>
      </AppContextProvider>
    </ThemeProvider>
  );
}
