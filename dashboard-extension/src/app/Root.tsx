/**
 * Boot: inside the Dashboard's iframe, wait for the App Bridge handshake (token, theme) and
 * follow the Dashboard's navigation; standalone, use `?token=` or the sign-in form.
 */

import { useEffect, useMemo, useState } from "react";
import { AppBridge, AppBridgeProvider, actions, useAppBridge } from "@saleor/app-sdk/app-bridge";
import { Box, ThemeProvider } from "@saleor/macaw-ui";
import { BrowserRouter, useLocation, useNavigate } from "react-router-dom";

import { Loading, Toasts } from "../components/ui";
import { AppContextProvider } from "./AppContext";
import { App } from "./App";
import { captureUrlToken, isInIframe, standaloneToken } from "./credentials";
import { SignIn } from "./SignIn";

export function Root() {
  const framed = isInIframe();
  const bridge = useMemo(() => (framed ? new AppBridge({ autoNotifyReady: true }) : undefined), [framed]);
  if (bridge) {
    return (
      <AppBridgeProvider appBridgeInstance={bridge}>
        <BrowserRouter basename="/app">
          <DashboardShell bridge={bridge} />
        </BrowserRouter>
      </AppBridgeProvider>
    );
  }
  return (
    <BrowserRouter basename="/app">
      <StandaloneShell />
    </BrowserRouter>
  );
}

function DashboardShell({ bridge }: { bridge: AppBridge }) {
  const { appBridgeState } = useAppBridge();
  const navigate = useNavigate();
  const location = useLocation();

  // The Dashboard tells the app where to go (its own back/forward, deep links)…
  useEffect(() => bridge.subscribe("redirect", ({ path }) => navigate(path)), [bridge, navigate]);
  // …and is told where the app page went, so its address bar and history follow. Widgets and
  // popups live on the Dashboard's own pages and must leave its address alone.
  useEffect(() => {
    if (isEmbeddedView(location.pathname)) return;
    void bridge.dispatch(actions.UpdateRouting({ newRoute: location.pathname + location.search }));
  }, [bridge, location.pathname, location.search]);

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

export function isEmbeddedView(pathname: string): boolean {
  return /^\/(widgets|actions)\//.test(pathname);
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
