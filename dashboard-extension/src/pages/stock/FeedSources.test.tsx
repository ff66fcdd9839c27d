import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { FeedSources, csvUploadUrl, type FeedSource } from "./FeedSources";

const SOHO = { id: "TG9jOjI=", name: "Soho store", kind: "STORE" };
const SOURCE: FeedSource = { id: "RlM6MQ==", name: "soho-pos", mode: "ABSOLUTE", lastSequence: 42, updatedAt: "2026-11-20T10:00:00+00:00", defaultLocation: { id: SOHO.id, name: "Soho store" } };

function client(answers: Record<string, unknown>, calls: Call[]) {
  return answering(
    {
      Locations: { locations: connection([SOHO]) },
      FeedSources: { stockFeeds: [SOURCE] },
      FeedRuns: { stockFeedRuns: connection([{ id: "UnVuOjE=", source: "soho-pos", channel: "csv", status: "PARTIAL", linesTotal: 3, linesApplied: 2, linesFailed: 1, createdAt: "2026-11-20T10:00:00+00:00" }]) },
      ...answers,
    },
    calls,
  );
}

// user-event typing is slow on a loaded machine: generous per-test time
describe("feed sources", { timeout: 30000 }, () => {
  it("lists sources with their CSV upload URL, and the runs", async () => {
    renderWithApp(<FeedSources />, { client: client({}, []) });
    const row = await screen.findByTestId("feed-source-soho-pos");
    expect(within(row).getByText("Soho store")).toBeTruthy();
    expect(within(row).getByText(`${window.location.origin}/api/feeds/soho-pos/csv`)).toBeTruthy();
    expect(await screen.findByText("partial")).toBeTruthy();
    expect(csvUploadUrl("a b", "https://oms.example.com")).toBe("https://oms.example.com/api/feeds/a%20b/csv");
  });

  it("creates a source and shows how to upload to it", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const created = { ...SOURCE, id: "RlM6Mg==", name: "3pl-east", mode: "DELTA" };
    renderWithApp(<FeedSources />, { client: client({ FeedSourceSave: { stockFeedSourceSave: { source: created, errors: [] } } }, calls) });
    const form = await screen.findByTestId("feed-source-form");
    await within(form).findByRole("option", { name: "Soho store" });
    await user.type(within(form).getByLabelText("Name"), "3pl-east");
    await user.selectOptions(within(form).getByLabelText("Default mode"), "DELTA");
    await user.selectOptions(within(form).getByLabelText("Default location"), SOHO.id);
    await user.click(within(form).getByRole("button", { name: "Create source" }));

    expect(await screen.findByText("Feed source 3pl-east saved")).toBeTruthy();
    expect(callsOf(calls, "FeedSourceSave")).toEqual([{ input: { name: "3pl-east", mode: "DELTA", defaultLocationId: SOHO.id } }]);
    expect((await screen.findByTestId("feed-source-upload")).textContent).toContain("/api/feeds/3pl-east/csv?sequence=1");
  });

  it("shows a refused name", async () => {
    const user = userEvent.setup();
    const refusal = { source: null, errors: [{ field: "name", message: "A name of 1-100 characters, no / ? #.", code: "INVALID_NAME" }] };
    renderWithApp(<FeedSources />, { client: client({ FeedSourceSave: { stockFeedSourceSave: refusal } }, []) });
    const form = await screen.findByTestId("feed-source-form");
    await user.type(within(form).getByLabelText("Name"), "a/b");
    await user.click(within(form).getByRole("button", { name: "Create source" }));

    expect((await screen.findByTestId("field-errors")).textContent).toBe("name: A name of 1-100 characters, no / ? #. (INVALID_NAME)");
    expect(screen.queryByTestId("feed-source-upload")).toBeNull();
  });
});
