/** Change an outside location's name, slug, kind and address (`locationUpdate`; omitted fields stay). */

import { useState } from "react";
import { Box, Button, Input } from "@saleor/macaw-ui";

import { graphql } from "../../api/graphql";
import { errorFor, useMutation } from "../../app/mutation";
import { FieldErrors } from "../../components/forms";
import { Select } from "../../components/ui";
import { OUTSIDE_KINDS, type ManagedLocation } from "./NewLocation";

export const LOCATION_UPDATE = graphql(`
mutation LocationUpdate($id: ID!, $input: OmsOutsideLocationUpdateInput!) { locationUpdate(id: $id, input: $input) { location { id name slug kind } errors { field message code } } }`);

const FIELDS = ["name", "slug", "kind", "streetAddress1", "city", "postalCode", "country", "email", "phone"] as const;
type Field = (typeof FIELDS)[number];

export function EditLocation({ location, onSaved, onClose }: { location: ManagedLocation; onSaved: () => void; onClose: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [draft, setDraft] = useState<Record<Field, string>>(() => Object.fromEntries(FIELDS.map((field) => [field, String(location[field] ?? "")])) as Record<Field, string>);
  // Only what changed is sent: the API leaves omitted fields as they are.
  const changed = Object.fromEntries(FIELDS.filter((field) => draft[field].trim() !== String(location[field] ?? "")).map((field) => [field, draft[field].trim()]));
  const text = (field: Exclude<Field, "kind">, label: string) => (
    <Input
      label={label}
      size="small"
      value={draft[field]}
      onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
      error={Boolean(errorFor(errors, field))}
      helperText={errorFor(errors, field)}
    />
  );
  const save = async () => {
    const done = await mutate(LOCATION_UPDATE, { id: location.id, input: changed }, "locationUpdate", `${draft.name.trim() || location.name} saved`);
    if (done) onSaved();
  };
  return (
    <Box display="flex" flexDirection="column" gap={3} data-testid="edit-location">
      <Box display="grid" gap={3} style={{ gridTemplateColumns: "repeat(3, minmax(0, 1fr))" }}>
        {text("name", "Name")}
        {text("slug", "Slug")}
        <Select label="Kind" value={draft.kind} onChange={(event) => setDraft({ ...draft, kind: event.target.value })} options={OUTSIDE_KINDS} />
        {text("streetAddress1", "Street")}
        {text("city", "City")}
        {text("postalCode", "Postal code")}
        {text("country", "Country (ISO code)")}
        {text("email", "Email")}
        {text("phone", "Phone")}
      </Box>
      <FieldErrors errors={errors} />
      <Box display="flex" gap={2}>
        <Button size="small" variant="primary" disabled={busy || Object.keys(changed).length === 0} onClick={save}>
          Save location
        </Button>
        <Button size="small" variant="tertiary" onClick={onClose}>
          Close
        </Button>
      </Box>
    </Box>
  );
}
