import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { clientAnswering, renderWithApp } from "../test/render";
import { IMPORT_START, IMPORT_STATE, ImportBanner, importSummary, type ImportRun } from "./ImportBanner";

const BLANK_ORIGIN = 'Expected a value of type "OrderOriginEnum" but received: ';

function importRun(extra: Partial<ImportRun> = {}): ImportRun {
  return {
    state: "SUCCEEDED",
    startedAt: "2026-11-20T10:00:00+00:00",
    finishedAt: "2026-11-20T10:02:00+00:00",
    attempts: 2,
    orders: 24,
    locations: 5,
    stockRows: 60,
    skipped: [],
    errors: [],
    ...extra,
  };
}

type Call = { query: string; variables: unknown; headers: Headers };

/** An OMS that holds `current` and answers tenantImportStart with `started` (or its errors). */
function oms(current: ImportRun, calls: Call[], start: { import: ImportRun | null; errors: { field: string | null; message: string; code: string }[] } = { import: importRun({ state: "RUNNING", attempts: 0 }), errors: [] }) {
  let state = current;
  return clientAnswering((request: { query: string }) => {
    if (request.query === IMPORT_START) {
      if (start.import && start.errors.length === 0) state = start.import;
      return { data: { tenantImportStart: start } };
    }
    if (request.query === IMPORT_STATE) return { data: { tenant: { import: state } } };
    return { data: {} };
  }, calls);
}

describe("the import banner", () => {
  it("shows nothing after a clean import", async () => {
    const calls: Call[] = [];
    renderWithApp(<ImportBanner />, { client: oms(importRun(), calls) });
    await waitFor(() => expect(calls.length).toBe(1));
    expect(screen.queryByTestId("import-banner")).toBeNull();
  });

  it("lists the skipped records and runs the import again", async () => {
    const calls: Call[] = [];
    const skipped = importRun({
      state: "COMPLETED_WITH_SKIPS",
      skipped: [
        { kind: "ORDER", saleorId: "T3JkZXI6MQ==", reason: BLANK_ORIGIN },
        { kind: "VARIANT", saleorId: "UHJvZHVjdFZhcmlhbnQ6Nw==", reason: "Saleor returned no productVariants" },
      ],
    });
    renderWithApp(<ImportBanner />, { client: oms(skipped, calls) });

    const banner = await screen.findByTestId("import-banner");
    expect(banner.getAttribute("data-state")).toBe("COMPLETED_WITH_SKIPS");
    expect(banner.textContent).toContain("Import completed with 2 skipped records");
    const items = within(screen.getByTestId("import-skipped")).getAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual([
      `Order T3JkZXI6MQ==: ${BLANK_ORIGIN}`,
      "Variant stock UHJvZHVjdFZhcmlhbnQ6Nw==: Saleor returned no productVariants",
    ]);

    await userEvent.click(screen.getByRole("button", { name: "Run import again" }));

    await waitFor(() => expect(calls.some((call) => call.query === IMPORT_START)).toBe(true));
    // the state is read again and the banner now says it is running, without the button
    await waitFor(() => expect(screen.getByTestId("import-banner").getAttribute("data-state")).toBe("RUNNING"));
    expect(screen.queryByRole("button", { name: /Run import/ })).toBeNull();
    expect(screen.getByTestId("import-banner").textContent).toContain("Importing your store's data from Saleor");
  });

  it("shows the errors of a failed import", async () => {
    const failed = importRun({ state: "FAILED", attempts: 1, errors: ["read models: To access this path, you need one of the following permissions: MANAGE_ORDERS"] });
    renderWithApp(<ImportBanner />, { client: oms(failed, []) });

    const banner = await screen.findByTestId("import-banner");
    expect(banner.textContent).toContain("The import from Saleor failed");
    expect(within(screen.getByTestId("import-errors")).getAllByRole("listitem").map((item) => item.textContent)).toEqual(failed.errors);
    expect(screen.getByRole("button", { name: "Run import again" })).toBeTruthy();
  });

  it("says why a second run is refused", async () => {
    const calls: Call[] = [];
    const failed = importRun({ state: "FAILED", errors: ["stock: Saleor answered HTTP 502 (after 4 attempts)"] });
    const refusal = { import: importRun({ state: "RUNNING" }), errors: [{ field: null, message: "An import is already running since 2026-11-20 10:00 UTC; wait for it to finish.", code: "IMPORT_ALREADY_RUNNING" }] };
    renderWithApp(<ImportBanner />, { client: oms(failed, calls, refusal) });

    await userEvent.click(await screen.findByRole("button", { name: "Run import again" }));

    expect(await screen.findByText(/An import is already running/)).toBeTruthy();
    expect(screen.getByTestId("import-banner").getAttribute("data-state")).toBe("FAILED");
  });

  it("stays hidden for a viewer who may not see the import", async () => {
    const calls: Call[] = [];
    const client = clientAnswering({ data: { tenant: { import: null } }, errors: [{ message: "You need MANAGE_APPS or MANAGE_ORDERS", extensions: { code: "PERMISSION_DENIED" } }] }, calls);
    renderWithApp(<ImportBanner />, { client });
    await waitFor(() => expect(calls.length).toBe(1));
    expect(screen.queryByTestId("import-banner")).toBeNull();
    expect(screen.queryByText("Could not load")).toBeNull();
  });

  it("has a headline for every state but a clean one", () => {
    expect(importSummary(importRun())).toBeNull();
    expect(importSummary(importRun({ state: "RETRYING", attempts: 3 }))?.text).toContain("Attempt 3");
    expect(importSummary(importRun({ state: "NOT_STARTED" }))?.title).toContain("has not been imported");
    expect(importSummary(importRun({ state: "COMPLETED_WITH_SKIPS", skipped: [{ kind: "ORDER", saleorId: "x", reason: "y" }] }))?.title).toBe("Import completed with 1 skipped record");
  });
});
