import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { answering, callsOf, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { LocationCoordinates } from "./Coordinates";
import type { ManagedLocation } from "./NewLocation";

function location(extra: Partial<ManagedLocation> = {}): ManagedLocation {
  return {
    id: "T21zTG9jYXRpb246MQ==",
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
    ...extra,
  };
}

const placed = (latitude: number, longitude: number) => ({
  location: { id: location().id, latitude, longitude, coordinatesSource: "MANUAL", manualLatitude: latitude, manualLongitude: longitude },
  errors: [],
});

describe("a location's coordinates", { timeout: 30000 }, () => {
  it("says where the position comes from", () => {
    const { unmount } = renderWithApp(<LocationCoordinates location={location()} onChanged={() => {}} />);
    const cell = screen.getByTestId("coordinates-berlin");
    expect(within(cell).getByText("52.5320, 13.3846")).toBeTruthy();
    expect(within(cell).getByText("from the address (postal code)")).toBeTruthy();
    expect(screen.queryByTestId("coordinates-problem")).toBeNull();
    // no manual position: nothing to clear
    expect(within(cell).queryByRole("button", { name: "Back to automatic" })).toBeNull();
    unmount();

    renderWithApp(<LocationCoordinates location={location({ coordinatesSource: "METADATA" })} onChanged={() => {}} />);
    expect(screen.getByText("from Saleor metadata (oms.lat / oms.lng)")).toBeTruthy();
  });

  it("shows a location that cannot be placed as a problem, with what to do", () => {
    renderWithApp(
      <LocationCoordinates location={location({ kind: "STORE", saleorId: null, latitude: null, longitude: null, coordinatesSource: "NONE" })} onChanged={() => {}} />,
    );
    const problem = screen.getByTestId("coordinates-problem");
    expect(within(problem).getByText("cannot be placed")).toBeTruthy();
    expect(problem.textContent).toContain("Routing counts it as the farthest location. To place it, complete its address (postal code and country), or set its position by hand.");
  });

  it("pins a location by hand", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const onChanged = vi.fn();
    renderWithApp(<LocationCoordinates location={location()} onChanged={onChanged} />, {
      client: answering({ LocationCoordinatesSet: { locationCoordinatesSet: placed(52.5, 13.4) } }, calls),
    });
    await user.click(screen.getByRole("button", { name: "Set by hand" }));
    const form = screen.getByTestId("coordinates-form");
    // starts from where routing places it now
    expect((within(form).getByLabelText("Latitude") as HTMLInputElement).value).toBe("52.532");
    await user.clear(within(form).getByLabelText("Latitude"));
    await user.type(within(form).getByLabelText("Latitude"), "52,5");
    await user.clear(within(form).getByLabelText("Longitude"));
    await user.type(within(form).getByLabelText("Longitude"), "13.4");
    await user.click(within(form).getByRole("button", { name: "Save position" }));

    expect(await screen.findByText("Berlin DC placed by hand")).toBeTruthy();
    expect(callsOf(calls, "LocationCoordinatesSet")).toEqual([{ id: location().id, latitude: 52.5, longitude: 13.4 }]);
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("coordinates-form")).toBeNull();
  });

  it("sends nothing while a coordinate is out of range, and shows the API's refusal next to its field", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const refusal = { location: null, errors: [{ field: "longitude", message: "Longitude must be between -180 and 180.", code: "INVALID_COORDINATES" }] };
    const onChanged = vi.fn();
    renderWithApp(<LocationCoordinates location={location()} onChanged={onChanged} />, {
      client: answering({ LocationCoordinatesSet: { locationCoordinatesSet: refusal } }, calls),
    });
    await user.click(screen.getByRole("button", { name: "Set by hand" }));
    const form = screen.getByTestId("coordinates-form");
    await user.clear(within(form).getByLabelText("Latitude"));
    await user.type(within(form).getByLabelText("Latitude"), "95");
    expect(within(form).getByText("Between -90 and 90.")).toBeTruthy();
    expect((within(form).getByRole("button", { name: "Save position" }) as HTMLButtonElement).disabled).toBe(true);

    await user.clear(within(form).getByLabelText("Latitude"));
    await user.type(within(form).getByLabelText("Latitude"), "52");
    await user.click(within(form).getByRole("button", { name: "Save position" }));

    expect((await screen.findByTestId("field-errors")).textContent).toBe("longitude: Longitude must be between -180 and 180. (INVALID_COORDINATES)");
    expect(within(form).getByText("Longitude must be between -180 and 180.")).toBeTruthy();
    expect(callsOf(calls, "LocationCoordinatesSet")).toEqual([{ id: location().id, latitude: 52, longitude: 13.3846 }]);
    expect(onChanged).not.toHaveBeenCalled();
  });

  it("goes back to the automatic position only once confirmed", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const onChanged = vi.fn();
    const manual = location({ latitude: 52.5, longitude: 13.4, coordinatesSource: "MANUAL", manualLatitude: 52.5, manualLongitude: 13.4 });
    const cleared = { location: { ...location(), manualLatitude: null, manualLongitude: null }, errors: [] };
    renderWithApp(<LocationCoordinates location={manual} onChanged={onChanged} />, {
      client: answering({ LocationCoordinatesClear: { locationCoordinatesClear: cleared } }, calls),
    });
    expect(screen.getByText("set by hand")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Back to automatic" }));
    expect(screen.getByText("Place Berlin DC by its metadata or address again?")).toBeTruthy();
    expect(callsOf(calls, "LocationCoordinatesClear")).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Clear" }));

    expect(await screen.findByText("Berlin DC placed automatically again")).toBeTruthy();
    expect(callsOf(calls, "LocationCoordinatesClear")).toEqual([{ id: manual.id }]);
    expect(onChanged).toHaveBeenCalledTimes(1);
  });
});
