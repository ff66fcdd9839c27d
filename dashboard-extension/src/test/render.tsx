import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { ThemeProvider } from "@saleor/macaw-ui";
import type { AppBridge } from "@saleor/app-sdk/app-bridge";

import { createClient, type Client } from "../api/client";
import { AppContextProvider } from "../app/AppContext";
import { Toasts } from "../components/ui";

/** A client answering every request with `body` (as the OMS would over HTTP). */
export function clientAnswering(body: unknown, calls: { query: string; variables: unknown; headers: Headers }[] = []): Client {
  return createClient({
    getToken: () => "oms_test_key",
    fetchImpl: async (_url, init) => {
      const request = JSON.parse(String(init?.body)) as { query: string; variables: unknown };
      calls.push({ ...request, headers: new Headers(init?.headers) });
      return new Response(JSON.stringify(typeof body === "function" ? (body as (r: unknown) => unknown)(request) : body), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      });
    },
  });
}

export function renderWithApp(ui: ReactElement, { client, bridge }: { client?: Client; bridge?: AppBridge } = {}) {
  return render(
    <ThemeProvider defaultTheme="defaultLight">
      <AppContextProvider getToken={() => "oms_test_key"} client={client ?? clientAnswering({ data: {} })} bridge={bridge}>
        {ui}
        <Toasts />
      </AppContextProvider>
    </ThemeProvider>,
  );
}
