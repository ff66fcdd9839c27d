import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { LocationsPage } from "../Locations";
import type { ManagedLocation } from "./NewLocation";
import { LocationRoutingSettingsEditor, type LocationRoutingSettings } from "./RoutingSettings";

const ID = "T21zTG9jYXRpb246MQ==";
const SAVED: LocationRoutingSettings = {
  tags: ["dc"],
  ships: true,
  pickup: null,
  dailyParcelCapacity: null,
  cutoffTime: "15:30:00",
  timeZone: "Europe/Berlin",
  priority: 0,
  parcelFixedCost: 4.5,
  handlingCostPerUnit: 0.2,
};

const BERLIN: ManagedLocation = {
  id: ID,
  kind: "SALEOR_WAREHOUSE",
  saleorId: "V2FyZWhvdXNlOjE=",
  name: "Berlin DC",
  slug: "berlin",
  email: "",
  streetAddress1: "",
  city: "Berlin",
  postalCode: "10115",
  country: "DE",
  phone: "",
  latitude: 52.532,
  longitude: 13.3846,
  coordinatesSource: "GEOCODED_POSTAL_CODE",
  manualLatitude: null,
  manualLongitude: null,
  isDeleted: false,
};

describe("a location's routing settings", { timeout: 30000 }, () => {
  it("opens from the location's row and sends only what changed", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const updated = { ...SAVED, tags: ["dc", "express"], dailyParcelCapacity: 300, pickup: false };
    const client = answering(
      {
        ManagedLocations: { locations: connection([BERLIN]), inventoryChannels: [] },
        LocationRoutingSettings: { locationRoutingSettings: SAVED },
        LocationRoutingSettingsUpdate: { locationRoutingSettingsUpdate: { settings: updated, errors: [] } },
      },
      calls,
    );
    renderWithApp(<LocationsPage />, { client });
    // a Saleor warehouse has routing settings too
    await user.click(within(await screen.findByTestId("location-berlin")).getByRole("button", { name: "Routing" }));
    const form = await within(screen.getByTestId("routing-berlin")).findByTestId("location-settings");
    expect(callsOf(calls, "LocationRoutingSettings")).toEqual([{ id: ID }]);
    expect((within(form).getByLabelText("Cut-off time (empty: none)") as HTMLInputElement).value).toBe("15:30");
    expect((within(form).getByRole("button", { name: "Save settings" }) as HTMLButtonElement).disabled).toBe(true);

    await user.type(within(form).getByLabelText("Tags (comma separated)"), ", express");
    await user.type(within(form).getByLabelText("Daily parcel capacity (empty: no limit)"), "300");
    await user.selectOptions(within(form).getByLabelText("Pickup"), "false");
    await user.click(within(form).getByRole("button", { name: "Save settings" }));

    expect(await screen.findByText("Routing settings of Berlin DC saved")).toBeTruthy();
    expect(callsOf(calls, "LocationRoutingSettingsUpdate")).toEqual([{ id: ID, input: { tags: ["dc", "express"], pickup: false, dailyParcelCapacity: 300 } }]);
    // saved: nothing left to send
    expect((within(form).getByRole("button", { name: "Save settings" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("sends nothing while a number is not valid, and shows the API's refusal next to its field", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const refusal = { settings: null, errors: [{ field: "time_zone", message: "unknown time zone 'Mars/Olympus'", code: "INVALID" }] };
    const client = answering(
      { LocationRoutingSettings: { locationRoutingSettings: SAVED }, LocationRoutingSettingsUpdate: { locationRoutingSettingsUpdate: refusal } },
      calls,
    );
    renderWithApp(<LocationRoutingSettingsEditor locationId={ID} />, { client });
    const form = await screen.findByTestId("location-settings");
    await user.type(within(form).getByLabelText("Daily parcel capacity (empty: no limit)"), "-5");
    expect(within(form).getByText("A whole number from 0.")).toBeTruthy();
    expect((within(form).getByRole("button", { name: "Save settings" }) as HTMLButtonElement).disabled).toBe(true);
    await user.clear(within(form).getByLabelText("Daily parcel capacity (empty: no limit)"));

    await user.clear(within(form).getByLabelText("Time zone"));
    await user.type(within(form).getByLabelText("Time zone"), "Mars/Olympus");
    await user.click(within(form).getByRole("button", { name: "Save settings" }));

    expect((await within(form).findByTestId("field-errors")).textContent).toBe("time_zone: unknown time zone 'Mars/Olympus' (INVALID)");
    expect(within(form).getByText("unknown time zone 'Mars/Olympus'")).toBeTruthy();
    expect(callsOf(calls, "LocationRoutingSettingsUpdate")).toEqual([{ id: ID, input: { timeZone: "Mars/Olympus" } }]);
  });
});
