/**
 * What every page needs: the GraphQL client, notifications and Dashboard navigation.
 *
 * In the Dashboard, notifications and redirects go through App Bridge so they look like
 * Saleor's own; standalone, notifications are toasts (see `Toasts`).
 */

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { actions, type AppBridge } from "@saleor/app-sdk/app-bridge";

import { createClient, type Client } from "../api/client";

export type NotificationStatus = "info" | "success" | "warning" | "error";

export interface Toast {
  id: number;
  status: NotificationStatus;
  title: string;
  text?: string;
}

export interface AppContextValue {
  client: Client;
  /** Saleor's own API with the Dashboard token (inside the Dashboard only). */
  saleorClient?: Client;
  mode: "dashboard" | "standalone";
  notify: (status: NotificationStatus, title: string, text?: string) => void;
  /** Opens a Dashboard page (e.g. `/orders/<id>`); does nothing standalone. */
  openInDashboard: (path: string) => void;
  /**
   * Opens an address outside the app (a signed download link) in a new tab: through App Bridge
   * inside the Dashboard (its frame may not open windows), with window.open standalone.
   */
  openUrl: (url: string) => void;
  /** Closes the Dashboard popup this page is shown in; does nothing standalone. */
  closePopup: () => void;
  toasts: Toast[];
  dismissToast: (id: number) => void;
}

const Context = createContext<AppContextValue | null>(null);

interface ProviderProps {
  children: ReactNode;
  getToken: () => string | undefined;
  bridge?: AppBridge;
  client?: Client;
}

export function AppContextProvider({ children, getToken, bridge, client }: ProviderProps) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const tokenRef = useRef(getToken);
  tokenRef.current = getToken;

  const dismissToast = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const notify = useCallback(
    (status: NotificationStatus, title: string, text?: string) => {
      if (bridge) {
        void bridge.dispatch(actions.Notification({ status, title, text }));
        return;
      }
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-3), { id, status, title, text }]);
      if (status !== "error") window.setTimeout(() => dismissToast(id), 5000);
    },
    [bridge, dismissToast],
  );

  const openInDashboard = useCallback(
    (path: string) => {
      if (bridge) void bridge.dispatch(actions.Redirect({ to: path }));
    },
    [bridge],
  );

  const openUrl = useCallback(
    (url: string) => {
      if (bridge) void bridge.dispatch(actions.Redirect({ to: url, newContext: true }));
      else window.open(url, "_blank", "noopener");
    },
    [bridge],
  );

  const closePopup = useCallback(() => {
    if (bridge) void bridge.dispatch(actions.PopupClose());
  }, [bridge]);

  // Made once: pages re-run their queries when the client changes.
  const omsClient = useMemo(() => client ?? createClient({ getToken: () => tokenRef.current() }), [client]);
  const saleorClient = useMemo(
    () => (bridge ? createClient({ url: bridge.getState().saleorApiUrl, getToken: () => bridge.getState().token }) : undefined),
    [bridge],
  );

  const value = useMemo<AppContextValue>(
    () => ({
      client: omsClient,
      saleorClient,
      mode: bridge ? "dashboard" : "standalone",
      notify,
      openInDashboard,
      openUrl,
      closePopup,
      toasts,
      dismissToast,
    }),
    [omsClient, saleorClient, bridge, notify, openInDashboard, closePopup, openUrl, toasts, dismissToast],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useApp(): AppContextValue {
  const value = useContext(Context);
  if (!value) throw new Error("useApp() outside AppContextProvider");
  return value;
}
