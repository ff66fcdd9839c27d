/**
 * A location's coordinates in the Locations list: where routing places it, where that position
 * comes from (`coordinatesSource`), and a form to pin it by hand (`locationCoordinatesSet`) or
 * to go back to the automatic position (`locationCoordinatesClear`).
 */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import type { FieldError } from "../../api/client";
import { graphql } from "../../api/graphql";
import { errorFor, useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors } from "../../components/forms";
import type { CoordinatesSource, ManagedLocation } from "./NewLocation";

export const PLACED_LOCATION = graphql(`
fragment PlacedLocation on OmsLocation { id latitude longitude coordinatesSource manualLatitude manualLongitude }`);
export const LOCATION_COORDINATES_SET = graphql(`
mutation LocationCoordinatesSet($id: ID!, $latitude: Float!, $longitude: Float!) {
  locationCoordinatesSet(id: $id, latitude: $latitude, longitude: $longitude) { location { ...PlacedLocation } errors { field message code } }
}`, PLACED_LOCATION);
export const LOCATION_COORDINATES_CLEAR = graphql(`
mutation LocationCoordinatesClear($id: ID!) { locationCoordinatesClear(id: $id) { location { ...PlacedLocation } errors { field message code } } }`, PLACED_LOCATION);

/** Where a position comes from, in words. */
export const SOURCE_LABELS: Record<CoordinatesSource, string> = {
  MANUAL: "set by hand",
  METADATA: "from Saleor metadata (oms.lat / oms.lng)",
  GEOCODED_ADDRESS: "from the address (street)",
  GEOCODED_POSTAL_CODE: "from the address (postal code)",
  GEOCODED_POSTAL_AREA: "from the address (postal area)",
  GEOCODED_CITY: "from the address (city)",
  GEOCODED_REGION: "from the address (region)",
  GEOCODED_COUNTRY: "from the address (country)",
  NONE: "cannot be placed",
};

/** What to do about a position routing cannot use, or can use only roughly. */
export function sourceHint(location: Pick<ManagedLocation, "kind" | "coordinatesSource">): string | undefined {
  const address =
    location.kind === "SALEOR_WAREHOUSE"
      ? "complete the warehouse's address in Saleor (postal code and country), set its oms.lat / oms.lng metadata"
      : "complete its address (postal code and country)";
  if (location.coordinatesSource === "NONE")
    return `Routing counts it as the farthest location. To place it, ${address}, or set its position by hand.`;
  if (location.coordinatesSource === "GEOCODED_REGION" || location.coordinatesSource === "GEOCODED_COUNTRY")
    return "Placed roughly: distances to customers are approximate. Set its position by hand to be exact.";
  return undefined;
}

/** A latitude or longitude typed in: a number within ±limit, or the reason it is not. */
function parsed(name: "latitude" | "longitude", value: string, limit: number): number | FieldError {
  const number = Number(value.trim().replace(",", "."));
  if (value.trim() === "" || !Number.isFinite(number)) return { field: name, message: "A number, such as 52.52.", code: "INVALID" };
  if (Math.abs(number) > limit) return { field: name, message: `Between -${limit} and ${limit}.`, code: "INVALID_COORDINATES" };
  return number;
}

const shown = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));

export function LocationCoordinates({ location, onChanged }: { location: ManagedLocation; onChanged: () => void }) {
  const { busy, errors, mutate, clearErrors } = useMutation();
  const [editing, setEditing] = useState(false);
  const [latitude, setLatitude] = useState("");
  const [longitude, setLongitude] = useState("");
  const placed = location.latitude !== null && location.longitude !== null;
  const unplaced = location.coordinatesSource === "NONE" || !placed;
  const manual = location.manualLatitude !== null || location.manualLongitude !== null;
  const hint = sourceHint(location);

  const open = () => {
    setLatitude(shown(location.manualLatitude ?? location.latitude));
    setLongitude(shown(location.manualLongitude ?? location.longitude));
    clearErrors();
    setEditing(true);
  };
  const lat = parsed("latitude", latitude, 90);
  const lng = parsed("longitude", longitude, 180);
  // Typed values are checked here first: nothing is sent until both are numbers in range.
  const local = [lat, lng].filter((value): value is FieldError => typeof value !== "number");
  const fieldError = (field: "latitude" | "longitude") => errorFor(errors, field) ?? (editing ? errorFor(local, field) : undefined);

  const save = async () => {
    if (typeof lat !== "number" || typeof lng !== "number") return;
    const done = await mutate(LOCATION_COORDINATES_SET, { id: location.id, latitude: lat, longitude: lng }, "locationCoordinatesSet", `${location.name} placed by hand`);
    if (done) {
      setEditing(false);
      onChanged();
    }
  };
  const clear = async () => {
    const done = await mutate(LOCATION_COORDINATES_CLEAR, { id: location.id }, "locationCoordinatesClear", `${location.name} placed automatically again`);
    if (done) onChanged();
  };

  return (
    <Box display="flex" flexDirection="column" gap={1} data-testid={`coordinates-${location.slug || location.id}`}>
      {unplaced ? (
        <Box padding={2} borderRadius={3} backgroundColor="critical1" data-testid="coordinates-problem">
          <Text size={2} color="critical2" fontWeight="bold">
            {SOURCE_LABELS.NONE}
          </Text>
          <Text as="p" size={1} color="critical2">
            {sourceHint({ kind: location.kind, coordinatesSource: "NONE" })}
          </Text>
        </Box>
      ) : (
        <>
          <Text size={2}>
            {location.latitude!.toFixed(4)}, {location.longitude!.toFixed(4)}
          </Text>
          <Text size={1} color="default2">
            {SOURCE_LABELS[location.coordinatesSource]}
          </Text>
          {hint && (
            <Text size={1} color="warning1">
              {hint}
            </Text>
          )}
        </>
      )}
      {editing ? (
        <Box display="flex" flexDirection="column" gap={2} data-testid="coordinates-form">
          <Input
            label="Latitude"
            size="small"
            inputMode="decimal"
            value={latitude}
            onChange={(event) => setLatitude(event.target.value)}
            error={Boolean(fieldError("latitude"))}
            helperText={fieldError("latitude")}
          />
          <Input
            label="Longitude"
            size="small"
            inputMode="decimal"
            value={longitude}
            onChange={(event) => setLongitude(event.target.value)}
            error={Boolean(fieldError("longitude"))}
            helperText={fieldError("longitude")}
          />
          <Box display="flex" gap={1}>
            <Button size="small" variant="primary" disabled={busy || local.length > 0} onClick={save}>
              Save position
            </Button>
            <Button size="small" variant="tertiary" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </Box>
        </Box>
      ) : (
        <Box display="flex" gap={1} flexWrap="wrap">
          <Button size="small" variant="tertiary" onClick={open}>
            Set by hand
          </Button>
          {manual && (
            <ConfirmButton
              label="Back to automatic"
              question={`Place ${location.name} by its ${location.kind === "SALEOR_WAREHOUSE" ? "metadata or address" : "address"} again?`}
              confirmLabel="Clear"
              disabled={busy}
              onConfirm={clear}
            />
          )}
        </Box>
      )}
      <FieldErrors errors={errors} />
    </Box>
  );
}
