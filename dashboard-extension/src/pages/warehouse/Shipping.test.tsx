import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { Shipping } from "./Shipping";

const LOCATION = "TG9jOjE=";

const parcel = (id: string, state: string, trackingNumber: string | null) => ({
  id,
  releaseId: "UmVsOjE=",
  boxCode: "M",
  weightG: 815,
  state,
  carrier: trackingNumber ? "rate_table" : null,
  service: trackingNumber ? "standard" : null,
  trackingNumber,
  labelUrl: trackingNumber ? `https://oms.example/labels/${id}.pdf` : null,
  createdAt: "2026-12-01T10:00:00+00:00",
});

function client(calls: Call[]) {
  return answering(
    {
      Parcels: ({ state }) => ({ parcels: [parcel("P1", "LABELLED", "RT1"), parcel("P2", "CLOSED", null), parcel("P3", "VOIDED", "RT0")].filter((item) => !state || item.state === state) }),
      Manifests: { manifests: [{ id: "M1", carrier: "rate_table", closedAt: "2026-11-30T18:00:00+00:00", parcels: 12, documentUrl: "https://oms.example/manifests/M1.pdf" }] },
      Carriers: { carriers: [{ code: "rate_table", name: "Rate table", services: ["standard"], manualTracking: false }, { code: "own_fleet", name: "Own fleet", services: [], manualTracking: true }] },
      ParcelVoid: { parcelVoid: { parcels: [{ id: "P1", state: "VOIDED" }], errors: [] } },
      ManifestClose: { manifestClose: { manifest: { id: "M2", carrier: "own_fleet", parcels: 3, closedAt: "2026-12-01T18:00:00+00:00", documentUrl: "https://oms.example/manifests/M2.pdf" }, errors: [] } },
    },
    calls,
  );
}

describe("shipping and manifests", { timeout: 30000 }, () => {
  it("lists parcels by state and voids a label once confirmed", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<Shipping locationId={LOCATION} />, { client: client(calls) });
    const labelled = await screen.findByTestId("parcel-RT1");
    expect(within(screen.getByTestId("parcel-P2")).queryByRole("button", { name: "Void" })).toBeNull();
    expect(within(screen.getByTestId("parcel-RT0")).queryByRole("button", { name: "Void" })).toBeNull();

    await user.click(within(labelled).getByRole("button", { name: "Void" }));
    expect(callsOf(calls, "ParcelVoid")).toEqual([]);
    await user.click(within(labelled).getByRole("button", { name: "Void label" }));
    await screen.findByText("Label RT1 voided");
    expect(callsOf(calls, "ParcelVoid")).toEqual([{ parcelId: "P1" }]);

    await user.selectOptions(screen.getByLabelText("State"), "CLOSED");
    await waitFor(() => expect(screen.queryByTestId("parcel-RT1")).toBeNull());
    expect(callsOf(calls, "Parcels").at(-1)).toEqual({ locationId: LOCATION, state: "CLOSED" });
  });

  it("closes the day's manifest of the chosen carrier and opens it to print", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const opened: string[] = [];
    window.open = ((url: string) => {
      opened.push(url);
      return null;
    }) as typeof window.open;
    renderWithApp(<Shipping locationId={LOCATION} />, { client: client(calls) });
    expect(within(await screen.findByTestId("manifest-rate_table")).getByText("12")).toBeTruthy();

    const form = screen.getByTestId("manifest-close");
    await within(form).findByRole("option", { name: "Own fleet" });
    await user.selectOptions(within(form).getByLabelText("Carrier"), "own_fleet");
    await user.click(within(form).getByRole("button", { name: "Close today's manifest" }));
    await user.click(within(form).getByRole("button", { name: "Close manifest" }));
    await screen.findByText("Manifest closed");
    expect(callsOf(calls, "ManifestClose")).toEqual([{ locationId: LOCATION, carrier: "own_fleet" }]);
    expect(opened).toEqual(["https://oms.example/manifests/M2.pdf"]);
  });
});
