/**
 * A location's routing settings (`locationRoutingSettings`): tags, whether it ships or serves
 * pickup, daily capacity, cut-off, time zone, priority and costs. Saved with
 * `locationRoutingSettingsUpdate`, sending only what changed; the refusals are shown next to
 * their fields. Used by the Locations page (each row) and the Routing page.
 */

import { useState } from "react";
import { Box, Button, Checkbox, Input, Text } from "@saleor/macaw-ui";

import type { FieldError } from "../../api/client";
import { graphql } from "../../api/graphql";
import type { LocationRoutingSettingsFragment, OmsLocationRoutingSettingsInput } from "../../api/generated/operations";
import { useQuery } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { FieldErrors } from "../../components/forms";
import { QueryBody, Select } from "../../components/ui";

export const ROUTING_SETTINGS = graphql(`
fragment LocationRoutingSettings on OmsLocationRoutingSettings {
  tags ships pickup dailyParcelCapacity cutoffTime timeZone priority parcelFixedCost handlingCostPerUnit
}`);
export const LOCATION_ROUTING_SETTINGS = graphql(`
query LocationRoutingSettings($id: ID!) { locationRoutingSettings(locationId: $id) { ...LocationRoutingSettings } }`, ROUTING_SETTINGS);
export const LOCATION_ROUTING_SETTINGS_UPDATE = graphql(`
mutation LocationRoutingSettingsUpdate($id: ID!, $input: OmsLocationRoutingSettingsInput!) {
  locationRoutingSettingsUpdate(locationId: $id, input: $input) { settings { ...LocationRoutingSettings } errors { field message code } }
}`, ROUTING_SETTINGS);

export type LocationRoutingSettings = LocationRoutingSettingsFragment;

/** The form's text for each setting (numbers as typed, so they can be empty or wrong). */
interface Draft {
  tags: string;
  ships: boolean;
  pickup: "" | "true" | "false";
  dailyParcelCapacity: string;
  cutoffTime: string;
  timeZone: string;
  priority: string;
  parcelFixedCost: string;
  handlingCostPerUnit: string;
}
type SettingsInput = OmsLocationRoutingSettingsInput;

function draftOf(settings: LocationRoutingSettings): Draft {
  return {
    tags: settings.tags.join(", "),
    ships: settings.ships,
    pickup: settings.pickup === null ? "" : settings.pickup ? "true" : "false",
    dailyParcelCapacity: settings.dailyParcelCapacity === null ? "" : String(settings.dailyParcelCapacity),
    cutoffTime: settings.cutoffTime?.slice(0, 5) ?? "",
    timeZone: settings.timeZone,
    priority: String(settings.priority),
    parcelFixedCost: String(settings.parcelFixedCost),
    handlingCostPerUnit: String(settings.handlingCostPerUnit),
  };
}

const invalid = (field: string, message: string): FieldError => ({ field, message, code: "INVALID" });

/** The settings a draft stands for, or the fields that are not valid (nothing is sent then). */
export function inputOf(draft: Draft): { input: SettingsInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const whole = (field: keyof Draft, text: string, { empty, min }: { empty: "null" | "refused"; min?: number }) => {
    if (text.trim() === "") {
      if (empty === "null") return null;
      errors.push(invalid(field, "Required."));
      return undefined;
    }
    const number = Number(text);
    if (!Number.isInteger(number) || (min !== undefined && number < min)) {
      errors.push(invalid(field, min === undefined ? "A whole number." : `A whole number from ${min}.`));
      return undefined;
    }
    return number;
  };
  const amount = (field: keyof Draft, text: string) => {
    const number = Number(text.trim().replace(",", "."));
    if (text.trim() === "" || !Number.isFinite(number) || number < 0) {
      errors.push(invalid(field, "An amount from 0."));
      return undefined;
    }
    return number;
  };
  const input: SettingsInput = {
    tags: [...new Set(draft.tags.split(",").map((tag) => tag.trim()).filter(Boolean))],
    ships: draft.ships,
    pickup: draft.pickup === "" ? null : draft.pickup === "true",
    dailyParcelCapacity: whole("dailyParcelCapacity", draft.dailyParcelCapacity, { empty: "null", min: 0 }),
    cutoffTime: draft.cutoffTime.trim() || null,
    timeZone: draft.timeZone.trim(),
    priority: whole("priority", draft.priority, { empty: "refused" }) ?? undefined,
    parcelFixedCost: amount("parcelFixedCost", draft.parcelFixedCost),
    handlingCostPerUnit: amount("handlingCostPerUnit", draft.handlingCostPerUnit),
  };
  if (!input.timeZone) errors.push(invalid("timeZone", "An IANA time zone, such as Europe/Berlin."));
  return { input, errors };
}

/** Only the settings that differ from what is saved: the API keeps the others. */
function changesOf(input: SettingsInput, saved: LocationRoutingSettings): SettingsInput {
  const before = inputOf(draftOf(saved)).input;
  return Object.fromEntries(
    Object.entries(input).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key as keyof SettingsInput])),
  ) as SettingsInput;
}

/** The editor of one location's routing settings; `name` names it in the confirmation. */
export function LocationRoutingSettingsEditor({ locationId, name, onClose }: { locationId: string; name?: string; onClose?: () => void }) {
  const query = useQuery(LOCATION_ROUTING_SETTINGS, { id: locationId });
  return (
    <QueryBody {...query}>
      {(data) => <SettingsForm key={locationId} locationId={locationId} name={name} saved={data.locationRoutingSettings} onClose={onClose} />}
    </QueryBody>
  );
}

function SettingsForm({ locationId, name, saved: initial, onClose }: { locationId: string; name?: string; saved: LocationRoutingSettings; onClose?: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState(() => draftOf(initial));
  const { input, errors: local } = inputOf(draft);
  const changes = changesOf(input, saved);
  const fieldError = (field: keyof Draft) => errorFor(errors, field) ?? errorFor(local, field);
  const set = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value });
  const text = (field: Exclude<keyof Draft, "ships" | "pickup">, label: string, props: Record<string, string> = {}) => (
    <Input label={label} size="small" value={draft[field]} onChange={set(field)} error={Boolean(fieldError(field))} helperText={fieldError(field)} {...props} />
  );

  const save = async () => {
    const done = await mutate(
      LOCATION_ROUTING_SETTINGS_UPDATE,
      { id: locationId, input: changes },
      "locationRoutingSettingsUpdate",
      name ? `Routing settings of ${name} saved` : "Location settings saved",
    );
    if (done?.settings) {
      setSaved(done.settings);
      setDraft(draftOf(done.settings));
    }
  };

  return (
    <Box display="flex" flexDirection="column" gap={3} data-testid="location-settings">
      <Box display="grid" gap={3} style={{ gridTemplateColumns: "repeat(3, minmax(0, 1fr))" }}>
        {text("tags", "Tags (comma separated)")}
        {text("dailyParcelCapacity", "Daily parcel capacity (empty: no limit)", { inputMode: "numeric" })}
        {text("priority", "Priority", { inputMode: "numeric" })}
        {text("cutoffTime", "Cut-off time (empty: none)", { type: "time" })}
        {text("timeZone", "Time zone")}
        {text("parcelFixedCost", "Parcel cost", { inputMode: "decimal" })}
        {text("handlingCostPerUnit", "Handling cost per unit", { inputMode: "decimal" })}
        <Select
          label="Pickup"
          value={draft.pickup}
          onChange={(event) => setDraft({ ...draft, pickup: event.target.value as Draft["pickup"] })}
          options={[
            { value: "", label: "As its click & collect option" },
            { value: "true", label: "Serves pickup" },
            { value: "false", label: "No pickup" },
          ]}
        />
        <Checkbox checked={draft.ships} onCheckedChange={(checked) => setDraft({ ...draft, ships: checked === true })}>
          <Text>Ships orders</Text>
        </Checkbox>
      </Box>
      <FieldErrors errors={errors} />
      <Box display="flex" gap={2}>
        <Button size="small" variant="primary" onClick={save} disabled={busy || local.length > 0 || Object.keys(changes).length === 0}>
          Save settings
        </Button>
        {onClose && (
          <Button size="small" variant="tertiary" onClick={onClose}>
            Close
          </Button>
        )}
      </Box>
    </Box>
  );
}
