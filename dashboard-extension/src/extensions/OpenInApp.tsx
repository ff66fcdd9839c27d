/**
 * A link from a widget or popup to a page of the app. Inside the Dashboard it asks the
 * Dashboard (App Bridge `redirect`) to open the app page there, so the Dashboard's address,
 * history and sidebar follow; the widget's own frame never turns into the whole app.
 * Standalone (a widget opened as a page of its own) it is a plain link to that page.
 */

import { Button } from "@saleor/macaw-ui";

import { useApp } from "../app/AppContext";
import { extensionParams } from "./params";
import { appPageLink, BASENAME } from "./routing";

export function OpenInApp({ route, label }: { route: string; label: string }) {
  const { mode, openInDashboard } = useApp();
  if (mode === "dashboard") {
    const { appId } = extensionParams();
    if (!appId) return null; // the Dashboard always sends it; without it there is no app page to name
    return (
      <Button variant="tertiary" size="small" onClick={() => openInDashboard(appPageLink(appId, route))} data-testid="open-in-app">
        {label}
      </Button>
    );
  }
  return (
    <a href={`${BASENAME}${route}`} data-testid="open-in-app">
      {label}
    </a>
  );
}
