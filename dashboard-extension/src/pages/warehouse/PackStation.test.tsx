import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { answering, callsOf, operationOf, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { PackStation } from "./PackStation";
import { resetAudio } from "./scanner";

const LOCATION = "TG9jOjE=";
const RELEASE = { id: "UmVsOjE=", state: "PICKED" };

interface Counts {
  mug: number;
  tea: number;
  parcels: { id: string; releaseId: string; boxCode: string; weightG: number; state: string; carrier: null; service: null; trackingNumber: null; labelUrl: null; createdAt: string }[];
}

function task(counts: Counts) {
  return {
    orderNumber: "1001",
    tote: null,
    complete: counts.mug >= 2 && counts.tea >= 1,
    expectedWeightG: 820,
    weightToleranceG: 50,
    release: RELEASE,
    lines: [
      { lineId: "line-1", sku: "MUG-1", barcode: "400001", productName: "Blue mug", quantity: 2, scanned: counts.mug },
      { lineId: "line-2", sku: "TEA-1", barcode: null, productName: "Green tea", quantity: 1, scanned: counts.tea },
    ],
    suggestions: [
      { boxCount: 1, emptyVolumeCm3: 1250.4, cost: "0.80", byVolumeOnly: false, boxes: [{ code: "M", name: "Medium", items: ["MUG-1", "MUG-1", "TEA-1"], weightG: 820 }] },
      {
        boxCount: 2,
        emptyVolumeCm3: 900,
        cost: "1.10",
        byVolumeOnly: false,
        boxes: [
          { code: "S", name: "Small", items: ["MUG-1", "MUG-1"], weightG: 600 },
          { code: "S", name: "Small", items: ["TEA-1"], weightG: 220 },
        ],
      },
    ],
    parcels: counts.parcels,
  };
}

const CARRIERS = [
  { code: "rate_table", name: "Rate table", services: ["standard", "express"], manualTracking: false },
  { code: "own_fleet", name: "Own fleet", services: [], manualTracking: true },
];

/** The OMS as the pack station sees it: one order, two lines; items scanned by SKU or barcode. */
function station(calls: Call[], overrides: Record<string, unknown> = {}) {
  const counts: Counts = { mug: 0, tea: 0, parcels: [] };
  const refused = (code: string, message: string) => ({ task: null, errors: [{ field: "code", message, code }] });
  return answering(
    {
      Carriers: { carriers: CARRIERS },
      PackBoxes: { warehouseLayout: { boxTypes: [{ code: "M", name: "Medium", isActive: true }, { code: "L", name: "Large", isActive: true }] } },
      PackStation: ({ scan }) => ({ packStation: scan === "1001" ? task(counts) : null }),
      PackStart: () => ({ packStart: { task: task(counts), errors: [] } }),
      PackScan: ({ code }) => {
        if (code === "MUG-1" || code === "400001") {
          if (counts.mug >= 2) return { packScan: refused("TOO_MANY", "All 2 MUG-1 are scanned.") };
          counts.mug += 1;
        } else if (code === "TEA-1") {
          if (counts.tea >= 1) return { packScan: refused("TOO_MANY", "All 1 TEA-1 are scanned.") };
          counts.tea += 1;
        } else {
          return { packScan: refused("WRONG_ITEM", `${String(code)} is not in this order.`) };
        }
        return { packScan: { task: task(counts), errors: [] } };
      },
      PackParcelClose: ({ boxCode, weightG, override }) => {
        if (Number(weightG) > 900 && !override) return { packParcelClose: { task: null, errors: [{ field: "weightG", message: "Weighs 1200 g, expected 820 g ± 50 g.", code: "WEIGHT_MISMATCH" }] } };
        counts.parcels.push({ id: `UGFyOj${counts.parcels.length + 1}`, releaseId: RELEASE.id, boxCode: String(boxCode), weightG: Number(weightG), state: "CLOSED", carrier: null, service: null, trackingNumber: null, labelUrl: null, createdAt: "2026-12-01T10:00:00+00:00" });
        return { packParcelClose: { task: task(counts), errors: [] } };
      },
      ReleaseShip: ({ carrier, service, trackingNumber }) => ({
        releaseShip: {
          release: { id: RELEASE.id, state: "SHIPPED" },
          parcels: counts.parcels.map((parcel) => ({ ...parcel, state: "LABELLED", carrier, service, trackingNumber: trackingNumber ?? "RT000123", labelUrl: "https://oms.example/labels/1.pdf" })),
          errors: [],
        },
      }),
      WarehouseDocument: { warehouseDocument: { url: "https://oms.example/documents/label.pdf?sig=1", filename: "label.pdf", contentType: "application/pdf", expiresAt: "2026-12-01T11:00:00+00:00" } },
      ...overrides,
    },
    calls,
  );
}

/** Records the beeps: every oscillator started through Web Audio. */
class FakeAudioContext {
  static started: number[] = [];
  state = "running";
  currentTime = 0;
  destination = {};
  createOscillator() {
    return { type: "", frequency: { value: 0 }, connect() {}, start: (at: number) => FakeAudioContext.started.push(at), stop() {} };
  }
  createGain() {
    return { gain: { value: 0 }, connect() {} };
  }
  resume() {
    return Promise.resolve();
  }
}

const scanInput = () => screen.getByLabelText("Scan") as HTMLInputElement;
const message = () => screen.getByTestId("pack-message");
const mutations = (calls: Call[]) => calls.map((call) => operationOf(call.query)).filter((name) => !["Carriers", "PackBoxes"].includes(name));

async function scan(user: ReturnType<typeof userEvent.setup>, ...codes: string[]) {
  for (const code of codes) {
    await user.type(scanInput(), `${code}{Enter}`);
    // each answer is shown before the next scan is looked at
    await waitFor(() => expect(message().textContent).not.toBe(""));
  }
}

async function packAll(user: ReturnType<typeof userEvent.setup>) {
  await scan(user, "1001");
  await screen.findByText(/Order #1001: 0 of 3 items scanned/);
  await scan(user, "MUG-1");
  await screen.findByText(/MUG-1 Blue mug \(1 of 2\)/);
  await scan(user, "400001");
  await screen.findByText(/MUG-1 Blue mug \(2 of 2\)/);
  await scan(user, "TEA-1");
  await screen.findByText(/All items scanned/);
}

describe("the pack station", { timeout: 30000 }, () => {
  beforeEach(() => {
    FakeAudioContext.started = [];
    (window as unknown as { AudioContext: unknown }).AudioContext = FakeAudioContext;
    resetAudio();
  });
  afterEach(() => {
    delete (window as unknown as { AudioContext?: unknown }).AudioContext;
    resetAudio();
  });

  it("keeps the scan input focused: at start, after a scan, after a click and after a blur", async () => {
    const user = userEvent.setup();
    renderWithApp(<PackStation locationId={LOCATION} />, { client: station([]) });
    await waitFor(() => expect(document.activeElement).toBe(scanInput()));

    await scan(user, "1001");
    await screen.findByText("Order #1001");
    expect(document.activeElement).toBe(scanInput());

    await user.click(screen.getByRole("button", { name: "New order (Esc)" }));
    await waitFor(() => expect(document.activeElement).toBe(scanInput()));

    act(() => scanInput().blur());
    expect(document.activeElement).not.toBe(scanInput());
    await waitFor(() => expect(document.activeElement).toBe(scanInput()));
  });

  it("counts each scanned item, by SKU or barcode", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<PackStation locationId={LOCATION} />, { client: station(calls) });
    await packAll(user);

    expect(callsOf(calls, "PackStation")).toEqual([{ locationId: LOCATION, scan: "1001" }]);
    expect(callsOf(calls, "PackStart")).toEqual([{ releaseId: RELEASE.id }]);
    expect(callsOf(calls, "PackScan")).toEqual([
      { releaseId: RELEASE.id, code: "MUG-1" },
      { releaseId: RELEASE.id, code: "400001" },
      { releaseId: RELEASE.id, code: "TEA-1" },
    ]);
    expect(screen.getByTestId("pack-line-MUG-1").getAttribute("data-done")).toBe("true");
    expect(within(screen.getByTestId("pack-line-TEA-1")).getByText("1 / 1")).toBeTruthy();
    expect(message().getAttribute("data-tone")).toBe("ok");
  });

  it("turns red and beeps on a wrong item, and sends nothing more", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<PackStation locationId={LOCATION} />, { client: station(calls) });
    await scan(user, "1001");
    await screen.findByText(/Order #1001: 0 of 3/);

    await scan(user, "SOCK-9");

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Wrong item: “SOCK-9” is not in order #1001.");
    expect(alert.getAttribute("data-tone")).toBe("error");
    expect(screen.getByTestId("pack-station").getAttribute("data-tone")).toBe("error");
    expect(scanInput().getAttribute("data-tone")).toBe("error");
    expect(FakeAudioContext.started.length).toBeGreaterThan(0);
    // nothing counted, nothing else sent, and the packer can scan again at once
    expect(within(screen.getByTestId("pack-line-MUG-1")).getByText("0 / 2")).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mutations(calls)).toEqual(["PackStation", "PackStart", "PackScan"]);
    expect(document.activeElement).toBe(scanInput());
  });

  it("drops the scans that came in behind a refused one", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<PackStation locationId={LOCATION} />, { client: station(calls) });
    await scan(user, "1001");
    await screen.findByText(/Order #1001: 0 of 3/);

    // a scanner sends three codes before the first answer is back
    for (const code of ["SOCK-9", "MUG-1", "TEA-1"]) {
      fireEvent.change(scanInput(), { target: { value: code } });
      fireEvent.keyDown(scanInput(), { key: "Enter" });
    }

    expect((await screen.findByRole("alert")).textContent).toContain("SOCK-9");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(callsOf(calls, "PackScan")).toEqual([{ releaseId: RELEASE.id, code: "SOCK-9" }]);
    // the next scan is heard again
    await scan(user, "MUG-1");
    await screen.findByText(/MUG-1 Blue mug \(1 of 2\)/);
  });

  it("refuses one item too many the same way", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<PackStation locationId={LOCATION} />, { client: station(calls) });
    await scan(user, "1001", "TEA-1");
    await screen.findByText(/TEA-1 Green tea \(1 of 1\)/);
    await scan(user, "TEA-1");
    expect((await screen.findByRole("alert")).textContent).toContain("Too many");
    expect(FakeAudioContext.started.length).toBeGreaterThan(0);
  });

  it("says so when an order or tote is unknown", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<PackStation locationId={LOCATION} />, { client: station(calls) });
    await scan(user, "9999");
    expect((await screen.findByRole("alert")).textContent).toBe("Nothing to pack for “9999” here.");
    expect(mutations(calls)).toEqual(["PackStation"]);
  });

  it("shows the box suggestions once every item is scanned, best first", async () => {
    const user = userEvent.setup();
    renderWithApp(<PackStation locationId={LOCATION} />, { client: station([]) });
    await packAll(user);

    const suggestions = screen.getByTestId("box-suggestions");
    expect(within(suggestions).getByTestId("suggestion-0").textContent).toContain("Best: M");
    expect(within(suggestions).getByTestId("suggestion-0").textContent).toContain("1 box · 1250 cm³ empty · cost 0.80");
    expect(within(suggestions).getByTestId("suggestion-1").textContent).toContain("S + S");
    expect(within(suggestions).getByTestId("suggestion-1").textContent).toContain("S: TEA-1 (220 g)");
    expect(screen.getByTestId("suggestion-0").getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByText(/next box: M/)).toBeTruthy();
  });

  it("closes the parcel with the weighed grams, then ships with the chosen carrier and service", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const opened: string[] = [];
    window.open = ((url: string) => {
      opened.push(url);
      return null;
    }) as typeof window.open;
    renderWithApp(<PackStation locationId={LOCATION} />, { client: station(calls) });
    await packAll(user);

    await scan(user, "815 g");
    await screen.findByText("Parcel 1 closed: M, 815 g.");
    expect(callsOf(calls, "PackParcelClose")).toEqual([{ releaseId: RELEASE.id, boxCode: "M", weightG: 815, override: false }]);

    await user.click(await screen.findByRole("radio", { name: "express" }));
    await user.type(scanInput(), "{Enter}");
    await screen.findByText(/Order #1001 shipped with Rate table: RT000123/);
    expect(callsOf(calls, "ReleaseShip")).toEqual([{ releaseId: RELEASE.id, carrier: "rate_table", service: "express", trackingNumber: null }]);

    await user.click(screen.getByRole("button", { name: "Print label" }));
    await waitFor(() => expect(opened).toEqual(["https://oms.example/documents/label.pdf?sig=1"]));
    expect(callsOf(calls, "WarehouseDocument")).toEqual([{ kind: "LABELS", waveId: null, releaseId: null, parcelId: "UGFyOj1", format: "PDF" }]);
    expect(document.activeElement).toBe(scanInput());
  });

  it("ships with a manual carrier's scanned tracking number, and another box scanned by code", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<PackStation locationId={LOCATION} />, { client: station(calls) });
    await packAll(user);

    await scan(user, "L", "1.2kg");
    await screen.findByRole("alert");
    expect(callsOf(calls, "PackParcelClose")).toEqual([{ releaseId: RELEASE.id, boxCode: "L", weightG: 1200, override: false }]);
    await user.click(screen.getByRole("button", { name: "Close anyway at 1200 g" }));
    await screen.findByText("Parcel 1 closed: L, 1200 g.");
    expect(callsOf(calls, "PackParcelClose")[1]).toEqual({ releaseId: RELEASE.id, boxCode: "L", weightG: 1200, override: true });

    await scan(user, "own_fleet", "OF-778812");
    await screen.findByText("Tracking number OF-778812: press Enter to ship.");
    await user.click(screen.getByRole("button", { name: "Ship with Own fleet" }));
    await screen.findByText(/shipped with Own fleet: OF-778812/);
    expect(callsOf(calls, "ReleaseShip")).toEqual([{ releaseId: RELEASE.id, carrier: "own_fleet", service: null, trackingNumber: "OF-778812" }]);
  });
});
