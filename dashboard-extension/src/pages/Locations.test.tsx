import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../test/answers";
import { renderWithApp } from "../test/render";
import { LocationsPage } from "./Locations";
import { slugOf, type ManagedLocation } from "./locations/NewLocation";

function location(slug: string, kind: ManagedLocation["kind"], extra: Partial<ManagedLocation> = {}): ManagedLocation {
  return {
    id: `TG9jOi${slug}`,
    kind,
    saleorId: kind === "SALEOR_WAREHOUSE" ? "V2FyZWhvdXNlOjE=" : null,
    name: slug,
    slug,
    email: "",
    streetAddress1: "",
    city: "Berlin",
    postalCode: "",
    country: "DE",
    phone: "",
    latitude: null,
    longitude: null,
    coordinatesSource: "NONE",
    manualLatitude: null,
    manualLongitude: null,
    isDeleted: false,
    ...extra,
  };
}

const BERLIN = location("berlin", "SALEOR_WAREHOUSE", { name: "Berlin DC", latitude: 52.52, longitude: 13.405, coordinatesSource: "METADATA" });
const SOHO = location("soho", "STORE", { name: "Soho store" });
const OLD = location("old-3pl", "THIRD_PARTY_LOGISTICS", { name: "Old 3PL", isDeleted: true });

function client(answers: Record<string, unknown>, calls: Call[]) {
  return answering(
    {
      ManagedLocations: {
        locations: connection([BERLIN, SOHO, OLD]),
        inventoryChannels: [
          { slug: "default-channel", name: "Default", locations: [{ id: BERLIN.id }, { id: SOHO.id }] },
          { slug: "amazon-de", name: "Amazon DE", locations: [{ id: SOHO.id }] },
        ],
      },
      ...answers,
    },
    calls,
  );
}

// user-event typing is slow on a loaded machine: generous per-test time
describe("locations", { timeout: 30000 }, () => {
  it("lists locations with their kind and the channels they serve; archived ones on demand", async () => {
    const user = userEvent.setup();
    renderWithApp(<LocationsPage />, { client: client({}, []) });
    const soho = await screen.findByTestId("location-soho");
    expect(within(soho).getByText("Store")).toBeTruthy();
    expect(within(soho).getByText("Default, Amazon DE")).toBeTruthy();
    const berlin = screen.getByTestId("location-berlin");
    expect(within(berlin).getByText("Saleor warehouse")).toBeTruthy();
    expect(within(berlin).getByText("52.5200, 13.4050")).toBeTruthy();
    // Saleor's warehouses are Saleor's: no archive here
    expect(within(berlin).queryByRole("button", { name: "Archive" })).toBeNull();
    expect(screen.queryByTestId("location-old-3pl")).toBeNull();

    await user.click(screen.getByText("Show archived"));
    expect(within(await screen.findByTestId("location-old-3pl")).getByRole("button", { name: "Restore" })).toBeTruthy();
  });

  it("creates an outside location, its slug from its name", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const created = location("kreuzberg-store", "STORE");
    renderWithApp(<LocationsPage />, { client: client({ LocationCreate: { locationCreate: { location: created, errors: [] } } }, calls) });
    const form = await screen.findByTestId("new-location");
    await user.type(within(form).getByLabelText("Name"), "Kreuzberg Store");
    await user.selectOptions(within(form).getByLabelText("Kind"), "STORE");
    await user.type(within(form).getByLabelText("City"), "Berlin");
    await user.type(within(form).getByLabelText("Country (ISO code)"), "DE");
    await user.click(screen.getByRole("button", { name: "Create location" }));

    expect(await screen.findByText("Location Kreuzberg Store created")).toBeTruthy();
    expect(callsOf(calls, "LocationCreate")).toEqual([
      { input: { name: "Kreuzberg Store", slug: "kreuzberg-store", kind: "STORE", email: "", streetAddress1: "", city: "Berlin", postalCode: "", country: "DE", phone: "" } },
    ]);
    expect(slugOf("  Café Nord / 2 ")).toBe("cafe-nord-2");
  });

  it("shows a taken slug next to its field", async () => {
    const user = userEvent.setup();
    const refusal = { location: null, errors: [{ field: "slug", message: "Slug 'soho' is taken.", code: "SLUG_IN_USE" }] };
    renderWithApp(<LocationsPage />, { client: client({ LocationCreate: { locationCreate: refusal } }, []) });
    const form = await screen.findByTestId("new-location");
    await user.type(within(form).getByLabelText("Name"), "Soho");
    await user.click(screen.getByRole("button", { name: "Create location" }));

    expect((await screen.findByTestId("field-errors")).textContent).toBe("slug: Slug 'soho' is taken. (SLUG_IN_USE)");
    expect(within(form).getByText("Slug 'soho' is taken.")).toBeTruthy();
  });

  it("archives an outside location only once confirmed", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<LocationsPage />, { client: client({ LocationArchive: { locationArchive: { location: { id: SOHO.id, isDeleted: true }, errors: [] } } }, calls) });
    const row = await screen.findByTestId("location-soho");
    await user.click(within(row).getByRole("button", { name: "Archive" }));
    expect(within(row).getByText("Archive Soho store? Its stock leaves every channel.")).toBeTruthy();
    expect(callsOf(calls, "LocationArchive")).toEqual([]);
    await user.click(within(row).getByRole("button", { name: "Archive" }));

    expect(await screen.findByText("Soho store archived")).toBeTruthy();
    expect(callsOf(calls, "LocationArchive")).toEqual([{ id: SOHO.id, archived: true }]);
  });
  it("sends only the fields of an outside location that changed, and shows a refusal", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const refusal = { location: null, errors: [{ field: "country", message: "An ISO 3166-1 alpha-2 code.", code: "INVALID" }] };
    renderWithApp(<LocationsPage />, { client: client({ LocationUpdate: { locationUpdate: refusal } }, calls) });
    await user.click(within(await screen.findByTestId("location-soho")).getByRole("button", { name: "Edit" }));
    const form = await screen.findByTestId("edit-location");
    await user.clear(within(form).getByLabelText("City"));
    await user.type(within(form).getByLabelText("City"), "London");
    await user.clear(within(form).getByLabelText("Country (ISO code)"));
    await user.type(within(form).getByLabelText("Country (ISO code)"), "GBR");
    await user.click(within(form).getByRole("button", { name: "Save location" }));

    expect((await within(form).findByTestId("field-errors")).textContent).toBe("country: An ISO 3166-1 alpha-2 code. (INVALID)");
    expect(callsOf(calls, "LocationUpdate")).toEqual([{ id: SOHO.id, input: { city: "London", country: "GBR" } }]);
  });
});
