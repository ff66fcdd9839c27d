/** Create an outside location: a store, a 3PL or a marketplace, known only to the OMS (`locationCreate`). */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { graphql } from "../../api/graphql";
import type { ManagedLocationFragment, OmsLocationCoordinatesSource, OmsLocationKind } from "../../api/generated/operations";
import { errorFor, useMutation } from "../../app/mutation";
import { FieldErrors } from "../../components/forms";
import { Card, Select } from "../../components/ui";

export const MANAGED_LOCATION = graphql(`
fragment ManagedLocation on OmsLocation {
  id kind saleorId name slug email streetAddress1 city postalCode country phone
  latitude longitude coordinatesSource manualLatitude manualLongitude isDeleted
}`);
export const MANAGED_LOCATIONS = graphql(`
query ManagedLocations {
  locations(first: 100, includeDeleted: true) { totalCount edges { node { ...ManagedLocation } } }
  inventoryChannels { slug name locations { id } }
}`, MANAGED_LOCATION);
export const LOCATION_CREATE = graphql(`
mutation LocationCreate($input: OmsOutsideLocationCreateInput!) { locationCreate(input: $input) { location { ...ManagedLocation } errors { field message code } } }`, MANAGED_LOCATION);

export type LocationKind = OmsLocationKind;
export type ManagedLocation = ManagedLocationFragment;
export type CoordinatesSource = OmsLocationCoordinatesSource;

export const OUTSIDE_KINDS: { value: LocationKind; label: string }[] = [
  { value: "STORE", label: "Store" },
  { value: "THIRD_PARTY_LOGISTICS", label: "3PL" },
  { value: "MARKETPLACE", label: "Marketplace" },
];

/** A slug from a name, as the API accepts it: lowercase letters, digits, '-' and '_'. */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);
}

const EMPTY = { name: "", slug: "", kind: "STORE" as LocationKind, email: "", streetAddress1: "", city: "", postalCode: "", country: "", phone: "" };

export function NewLocation({ onCreated }: { onCreated: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [draft, setDraft] = useState(EMPTY);
  const [slugTouched, setSlugTouched] = useState(false);
  const set = (key: keyof typeof EMPTY) => (event: { target: { value: string } }) => {
    const value = event.target.value;
    setDraft((current) => ({ ...current, [key]: value, ...(key === "name" && !slugTouched ? { slug: slugOf(value) } : {}) }));
    if (key === "slug") setSlugTouched(true);
  };
  const text = (key: Exclude<keyof typeof EMPTY, "kind">, label: string, field: string = key) => (
    <Input label={label} size="small" value={draft[key]} onChange={set(key)} error={Boolean(errorFor(errors, field))} helperText={errorFor(errors, field)} />
  );
  const create = async () => {
    const input = Object.fromEntries(Object.entries(draft).map(([key, value]) => [key, value.trim()])) as typeof draft;
    const done = await mutate(LOCATION_CREATE, { input }, "locationCreate", `Location ${draft.name.trim()} created`);
    if (done) {
      setDraft(EMPTY);
      setSlugTouched(false);
      onCreated();
    }
  };
  return (
    <Card title="New outside location">
      <Text as="p" color="default2" marginBottom={3}>
        Stock held outside Saleor (a shop's back room, a 3PL, a marketplace's warehouse). Saleor never sees it; map it to channels on the
        Stock page (Channels) so its stock counts there. Feeds name it by its slug.
      </Text>
      <Box display="grid" gap={3} style={{ gridTemplateColumns: "repeat(3, minmax(0, 1fr))" }} data-testid="new-location">
        {text("name", "Name")}
        {text("slug", "Slug")}
        <Select label="Kind" value={draft.kind} onChange={set("kind")} options={OUTSIDE_KINDS} />
        {text("streetAddress1", "Street", "street_address_1")}
        {text("city", "City")}
        {text("postalCode", "Postal code", "postal_code")}
        {text("country", "Country (ISO code)")}
        {text("email", "Email")}
        {text("phone", "Phone")}
      </Box>
      <FieldErrors errors={errors} />
      <Box marginTop={3}>
        <Button variant="primary" disabled={busy || !draft.name.trim() || !draft.slug.trim()} onClick={create}>
          Create location
        </Button>
      </Box>
    </Card>
  );
}
