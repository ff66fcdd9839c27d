import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { Waves } from "./Waves";

const LOCATION = "TG9jOjE=";

const release = (id: string, number: string, waveId: string | null = null) => ({
  id,
  state: "RELEASED",
  units: 3,
  waveId,
  createdAt: "2026-12-01T09:00:00+00:00",
  order: { number },
  lines: [{ sku: "MUG-1", quantity: 3 }],
});

const line = (id: string, position: number, bin: string, sku: string, openQuantity: number) => ({
  id,
  position,
  sku,
  quantity: 2,
  picked: 2 - openQuantity,
  short: 0,
  openQuantity,
  bin: { code: bin, zone: { code: bin[0] } },
  splits: [
    { tote: 1, releaseId: "R1", quantity: 1, picked: 0, short: 0 },
    { tote: 2, releaseId: "R2", quantity: 1, picked: 0, short: 0 },
  ],
});

const WAVE = {
  id: "V2F2ZTox",
  number: 7,
  state: "RELEASED",
  strategy: "BATCH",
  trigger: "MANUAL",
  sizeCap: 50,
  totes: 2,
  walkDistanceM: 42.4,
  createdAt: "2026-12-01T09:30:00+00:00",
  releasedAt: "2026-12-01T09:30:00+00:00",
  doneAt: null,
  releases: [
    { id: "R1", state: "PICKING", units: 2, order: { number: "1001" } },
    { id: "R2", state: "PICKING", units: 2, order: { number: "1002" } },
  ],
  pickLists: [
    {
      id: "UGw6MQ==",
      position: 1,
      strategy: "BATCH",
      zone: "",
      state: "PICKING",
      walkDistanceM: 42.4,
      totes: [
        { tote: 1, releaseId: "R1" },
        { tote: 2, releaseId: "R2" },
      ],
      // as stored; shown along the walk
      lines: [line("L3", 3, "B-1", "TEA-1", 2), line("L1", 1, "A-1", "MUG-1", 2), line("L2", 2, "A-2", "CUP-1", 2)],
    },
  ],
};

function client(calls: Call[], answers: Record<string, unknown> = {}) {
  return answering(
    {
      ReleasesWaiting: { warehouseReleases: connection([release("R3", "1003"), release("R4", "1004"), release("R5", "1005", "V2F2ZToy")]) },
      Waves: { waves: connection([WAVE, { ...WAVE, id: "V2F2ZToy", number: 8, state: "OPEN", pickLists: [], releases: [{ id: "R5", state: "RELEASED", units: 3, order: { number: "1005" } }] }]) },
      WaveCreate: { waveCreate: { wave: { id: "V2F2ZToz", number: 9, state: "RELEASED" }, errors: [] } },
      WaveRelease: { waveRelease: { wave: { id: "V2F2ZToy", state: "RELEASED" }, errors: [] } },
      WaveCancel: { waveCancel: { wave: { id: "V2F2ZToy", state: "CANCELLED" }, errors: [] } },
      WarehouseDocument: { warehouseDocument: { url: "https://oms.example/documents/w7.pdf?sig=1", filename: "w7.pdf", contentType: "application/pdf", expiresAt: "2026-12-01T11:00:00+00:00" } },
      PickScan: ({ line: id }) => ({ pickScan: { line: { ...line(String(id), 1, "A-1", "MUG-1", 1), picked: 1 }, errors: [] } }),
      ...answers,
    },
    calls,
  );
}

describe("waves and batches", { timeout: 30000 }, () => {
  it("makes a wave of the chosen releases with its strategy and size cap", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<Waves locationId={LOCATION} />, { client: client(calls) });
    // a release already in a wave is not waiting
    await screen.findByTestId("release-1003");
    expect(screen.queryByTestId("release-1005")).toBeNull();

    await user.click(within(screen.getByTestId("release-1004")).getByRole("checkbox"));
    const form = screen.getByTestId("wave-create");
    await user.selectOptions(within(form).getByLabelText("Strategy"), "ZONE");
    await user.type(within(form).getByLabelText("Size cap (orders)"), "40");
    await user.click(within(form).getByRole("button", { name: "Create wave of 1" }));

    await screen.findByText("Wave created");
    expect(callsOf(calls, "WaveCreate")).toEqual([{ locationId: LOCATION, releaseIds: ["R4"], sizeCap: 40, strategy: "ZONE", totes: null, release: true }]);
  });

  it("releases or cancels an open wave", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<Waves locationId={LOCATION} />, { client: client(calls) });
    const open = await screen.findByTestId("wave-8");
    expect(within(screen.getByTestId("wave-7")).queryByRole("button", { name: "Release" })).toBeNull();
    await user.click(within(open).getByRole("button", { name: "Release" }));
    await screen.findByText("Wave W8 released to the pickers");
    await user.click(within(open).getByRole("button", { name: "Cancel" }));
    await user.click(within(open).getByRole("button", { name: "Cancel wave" }));
    await screen.findByText("Wave W8 cancelled");
    expect(callsOf(calls, "WaveRelease")).toEqual([{ id: "V2F2ZToy" }]);
    expect(callsOf(calls, "WaveCancel")).toEqual([{ id: "V2F2ZToy" }]);
  });

  it("prints a wave's pick lists and shows their stops in walking order with the totes", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const opened: string[] = [];
    window.open = ((url: string) => {
      opened.push(url);
      return null;
    }) as typeof window.open;
    renderWithApp(<Waves locationId={LOCATION} />, { client: client(calls) });
    const wave = await screen.findByTestId("wave-7");

    await user.click(within(wave).getByRole("button", { name: "Print pick lists" }));
    await waitFor(() => expect(opened).toEqual(["https://oms.example/documents/w7.pdf?sig=1"]));
    expect(callsOf(calls, "WarehouseDocument")).toEqual([{ kind: "PICK_LIST", waveId: "V2F2ZTox", releaseId: null, parcelId: null, format: "PDF" }]);

    await user.click(within(wave).getByRole("button", { name: "Pick lists" }));
    const list = screen.getByTestId("pick-list-1");
    const bins = within(list)
      .getAllByTestId(/^pick-line-/)
      .map((row) => row.querySelectorAll("td")[1].textContent);
    expect(bins).toEqual(["A-1", "A-2", "B-1"]);
    expect(within(screen.getByTestId("pick-line-1")).getByText("T1 #1001: 1, T2 #1002: 1")).toBeTruthy();
  });

  it("confirms picks by scan: the bin first, then the item", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<Waves locationId={LOCATION} />, { client: client(calls) });
    const wave = await screen.findByTestId("wave-7");
    await user.click(within(wave).getByRole("button", { name: "Pick lists" }));
    await user.click(within(screen.getByTestId("pick-list-1")).getByRole("button", { name: "Pick by scan" }));
    const input = screen.getByLabelText("Pick scan");
    await waitFor(() => expect(document.activeElement).toBe(input));

    // an item before its bin is refused here: nothing is sent
    await user.type(input, "MUG-1{Enter}");
    expect((await screen.findByRole("alert")).textContent).toBe("Scan the bin first: next stop A-1.");
    expect(callsOf(calls, "PickScan")).toEqual([]);

    await user.type(input, "A-1{Enter}");
    await screen.findByText("Bin A-1: scan MUG-1 (2 to pick).");
    await user.type(input, "400001{Enter}");
    await screen.findByText("✓ MUG-1: 1 of 2");
    expect(callsOf(calls, "PickScan")).toEqual([{ line: "L1", bin: "A-1", item: "400001", quantity: 1 }]);
    expect(document.activeElement).toBe(input);
  });

  it("shows the OMS's reason when a pick scan is refused", async () => {
    const user = userEvent.setup();
    const refused = { pickScan: { line: null, errors: [{ field: "itemCode", message: "TEA-1 is not picked from A-1.", code: "WRONG_ITEM" }] } };
    renderWithApp(<Waves locationId={LOCATION} />, { client: client([], { PickScan: refused }) });
    const wave = await screen.findByTestId("wave-7");
    await user.click(within(wave).getByRole("button", { name: "Pick lists" }));
    await user.click(within(screen.getByTestId("pick-list-1")).getByRole("button", { name: "Pick by scan" }));
    await user.type(screen.getByLabelText("Pick scan"), "A-1{Enter}TEA-1{Enter}");
    const alert = await screen.findByRole("alert");
    await waitFor(() => expect(alert.textContent).toBe("TEA-1 is not picked from A-1."));
    expect(alert.getAttribute("data-tone")).toBe("error");
  });
});
