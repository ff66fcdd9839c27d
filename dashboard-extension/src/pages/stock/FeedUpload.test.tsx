import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { FeedUpload, parseCount } from "./FeedUpload";
import type { FeedSource } from "./FeedSources";

const SOURCE: FeedSource = { id: "RlM6MQ==", name: "soho-pos", mode: "ABSOLUTE", lastSequence: 42, updatedAt: "2026-11-20T10:00:00+00:00", defaultLocation: null };
const CSV = "sku,quantity,location,mode\nOMS-SKU-006,12,soho,ABSOLUTE\nOMS-SKU-404,-1,soho,delta\n";

// user-event typing is slow on a loaded machine: generous per-test time
describe("uploading a stock count", { timeout: 30000 }, () => {
  it("reads the CSV's columns by its header row", () => {
    expect(parseCount(CSV)).toEqual({
      lines: [
        { sku: "OMS-SKU-006", quantity: 12, location: "soho", mode: "ABSOLUTE" },
        { sku: "OMS-SKU-404", quantity: -1, location: "soho", mode: "DELTA" },
      ],
    });
    expect(parseCount("quantity,sku\n3,A\n")).toEqual({ lines: [{ sku: "A", quantity: 3 }] });
    expect(parseCount("sku,quantity\nA,2.5\n")).toEqual({ problem: "Line 1: the quantity is not a whole number." });
    expect(parseCount("sku,count\nA,2\n")).toEqual({ problem: "The header row must name sku and quantity." });
  });

  it("submits the lines as the source's next sequence and lists the lines that failed", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const run = {
      id: "UnVuOjk=",
      status: "PARTIAL",
      linesTotal: 2,
      linesApplied: 1,
      linesFailed: 1,
      lines: [
        { line: 1, sku: "OMS-SKU-006", location: "soho", status: "APPLIED", code: null, message: "", delta: 2 },
        { line: 2, sku: "OMS-SKU-404", location: "soho", status: "FAILED", code: "UNKNOWN_SKU", message: "No variant has this SKU.", delta: 0 },
      ],
    };
    let submitted = 0;
    renderWithApp(<FeedUpload source={SOURCE} onSubmitted={() => (submitted += 1)} />, { client: answering({ FeedSubmit: { stockFeedSubmit: { replayed: false, run, errors: [] } } }, calls) });
    await user.upload(screen.getByLabelText("Count for soho-pos"), new File([CSV], "count.csv", { type: "text/csv" }));
    expect(await screen.findByText("2 lines, sent as sequence 43")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Submit count" }));

    const result = await screen.findByTestId("feed-upload-result");
    expect(result.textContent).toContain("1 of 2 lines applied");
    expect(within(result).getByText("UNKNOWN_SKU")).toBeTruthy();
    const [variables] = callsOf(calls, "FeedSubmit") as { input: Record<string, unknown> }[];
    expect(variables.input).toMatchObject({ source: "soho-pos", sequence: 43, lines: (parseCount(CSV) as { lines: unknown[] }).lines });
    expect(String(variables.input.idempotencyKey)).toMatch(/^dashboard-soho-pos-/);
    expect(submitted).toBe(1);
  });

  it("shows a refused submission, and refuses a bad file without asking the server", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const refusal = { replayed: false, run: null, errors: [{ field: "source", message: "No feed source 'soho-pos'.", code: "FEED_SOURCE_NOT_FOUND" }] };
    renderWithApp(<FeedUpload source={SOURCE} onSubmitted={() => undefined} />, { client: answering({ FeedSubmit: { stockFeedSubmit: refusal } }, calls) });
    await user.upload(screen.getByLabelText("Count for soho-pos"), new File(["sku,quantity\nA,x\n"], "bad.csv", { type: "text/csv" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Line 1: the quantity is not a whole number.");
    expect(screen.queryByRole("button", { name: "Submit count" })).toBeNull();

    await user.upload(screen.getByLabelText("Count for soho-pos"), new File([CSV], "count.csv", { type: "text/csv" }));
    await user.click(await screen.findByRole("button", { name: "Submit count" }));
    expect((await screen.findByTestId("field-errors")).textContent).toBe("source: No feed source 'soho-pos'. (FEED_SOURCE_NOT_FOUND)");
    expect(callsOf(calls, "FeedSubmit")).toHaveLength(1);
  });
});
