/**
 * Channels: what each is shown. The buffer held back (`channelBufferSet`) and the locations
 * serving it in priority order, or a new outside channel (`channelDefine`).
 */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { graphql } from "../../api/graphql";
import type { ManagedChannelFragment } from "../../api/generated/operations";
import { useQuery } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors, wholeNumber } from "../../components/forms";
import { Card, Cell, QueryBody, Select, Table } from "../../components/ui";
import { useLocations } from "../../queries/locations";

export const MANAGED_CHANNEL = graphql(`
fragment ManagedChannel on OmsChannel { slug name saleorId bufferKind bufferValue locations { id name kind } }`);
export const CHANNELS = graphql(`query ManagedChannels { inventoryChannels { ...ManagedChannel } }`, MANAGED_CHANNEL);
export const CHANNEL_BUFFER_SET = graphql(`
mutation ChannelBufferSet($input: OmsChannelBufferSetInput!) { channelBufferSet(input: $input) { channel { ...ManagedChannel } errors { field message code } } }`, MANAGED_CHANNEL);
export const CHANNEL_DEFINE = graphql(`
mutation ChannelDefine($input: OmsChannelDefineInput!) { channelDefine(input: $input) { channel { ...ManagedChannel } errors { field message code } } }`, MANAGED_CHANNEL);

export type ManagedChannel = ManagedChannelFragment;

/** A location as a channel lists it: what the location pickers show of it. */
type LocationChoice = ManagedChannel["locations"][number];

export function Channels() {
  const query = useQuery(CHANNELS);
  const { locations } = useLocations();
  return (
    <>
      <Card title="Channels">
        <QueryBody {...query} empty={(data) => (data.inventoryChannels.length ? null : { title: "No channels yet", text: "Saleor's channels are imported; outside channels are defined below." })}>
          {(data) => (
            <Table head={["Channel", "Buffer", "Locations serving it (priority order)"]} testId="channels">
              {data.inventoryChannels.map((channel) => (
                <tr key={channel.slug} data-testid={`channel-${channel.slug}`}>
                  <Cell>
                    <Box display="flex" flexDirection="column">
                      <Text size={3} fontWeight="bold">{channel.name || channel.slug}</Text>
                      <Text size={1} color="default2">
                        {channel.slug} · {channel.saleorId ? "Saleor channel" : "outside channel"}
                      </Text>
                    </Box>
                  </Cell>
                  <Cell>
                    <BufferForm channel={channel} onSaved={query.reload} />
                  </Cell>
                  <Cell>
                    <ChannelLocations channel={channel} all={locations} onSaved={query.reload} />
                  </Cell>
                </tr>
              ))}
            </Table>
          )}
        </QueryBody>
      </Card>
      <NewChannel all={locations} onSaved={query.reload} />
    </>
  );
}

function BufferForm({ channel, onSaved }: { channel: ManagedChannel; onSaved: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [kind, setKind] = useState(channel.bufferKind);
  const [value, setValue] = useState(String(channel.bufferValue));
  const amount = kind === "NONE" ? 0 : wholeNumber(value);
  const changed = kind !== channel.bufferKind || amount !== channel.bufferValue;
  const save = async () => {
    const done = await mutate(CHANNEL_BUFFER_SET, { input: { channel: channel.slug, kind, value: amount } }, "channelBufferSet", `Buffer of ${channel.name || channel.slug} saved`);
    if (done) onSaved();
  };
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Box display="flex" gap={1} alignItems="flex-end">
        <Select
          label="Buffer"
          value={kind}
          onChange={(event) => setKind(event.target.value as ManagedChannel["bufferKind"])}
          options={[
            { value: "NONE", label: "none" },
            { value: "FIXED", label: "units" },
            { value: "PERCENT", label: "percent" },
          ]}
        />
        {kind !== "NONE" && (
          <Input size="small" type="number" min={0} aria-label="Buffer value" value={value} error={Boolean(errorFor(errors, "value"))} onChange={(event) => setValue(event.target.value)} style={{ width: 80 }} />
        )}
        <Button size="small" variant="secondary" disabled={busy || amount === null || !changed} onClick={save}>
          Save buffer
        </Button>
      </Box>
      <FieldErrors errors={errors} />
    </Box>
  );
}

/** An ordered pick of locations: ↑ / ↓ to rank, × to remove, a select to add. */
export function LocationOrder({ value, all, onChange }: { value: LocationChoice[]; all: LocationChoice[]; onChange: (next: LocationChoice[]) => void }) {
  const move = (index: number, by: number) => {
    const next = [...value];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    onChange(next);
  };
  const remaining = all.filter((location) => !value.some((chosen) => chosen.id === location.id));
  return (
    <Box display="flex" flexDirection="column" gap={1} data-testid="location-order">
      {value.map((location, index) => (
        <Box key={location.id} display="flex" gap={1} alignItems="center">
          <Text size={2}>
            {index + 1}. {location.name}
          </Text>
          <Button size="small" variant="tertiary" aria-label={`Move ${location.name} up`} disabled={index === 0} onClick={() => move(index, -1)}>
            ↑
          </Button>
          <Button size="small" variant="tertiary" aria-label={`Move ${location.name} down`} disabled={index === value.length - 1} onClick={() => move(index, 1)}>
            ↓
          </Button>
          <Button size="small" variant="tertiary" aria-label={`Remove ${location.name}`} onClick={() => onChange(value.filter((item) => item.id !== location.id))}>
            ×
          </Button>
        </Box>
      ))}
      {remaining.length > 0 && (
        <Select
          label="Add a location"
          value=""
          onChange={(event) => {
            const location = remaining.find((candidate) => candidate.id === event.target.value);
            if (location) onChange([...value, location]);
          }}
          options={[{ value: "", label: "Choose…" }, ...remaining.map((location) => ({ value: location.id, label: location.name }))]}
        />
      )}
    </Box>
  );
}

function ChannelLocations({ channel, all, onSaved }: { channel: ManagedChannel; all: LocationChoice[]; onSaved: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [editing, setEditing] = useState<LocationChoice[]>();
  if (!editing)
    return (
      <Box display="flex" gap={2} alignItems="center">
        <Text size={3}>{channel.locations.map((location) => location.name).join(" → ") || "—"}</Text>
        <Button size="small" variant="tertiary" onClick={() => setEditing(channel.locations)}>
          Edit locations
        </Button>
      </Box>
    );
  const dropped = channel.locations.filter((location) => !editing.some((chosen) => chosen.id === location.id));
  const save = async () => {
    const done = await mutate(
      CHANNEL_DEFINE,
      { input: { slug: channel.slug, name: channel.name, locationIds: editing.map((location) => location.id) } },
      "channelDefine",
      `Locations of ${channel.name || channel.slug} saved`,
    );
    if (done) {
      setEditing(undefined);
      onSaved();
    }
  };
  return (
    <Box display="flex" flexDirection="column" gap={2}>
      <LocationOrder value={editing} all={all} onChange={setEditing} />
      {channel.saleorId && <Text size={1} color="default2">Saleor's warehouses of this channel follow Saleor; outside locations added here stay.</Text>}
      <FieldErrors errors={errors} />
      <Box display="flex" gap={2}>
        {dropped.length > 0 ? (
          <ConfirmButton
            label="Save locations"
            question={`${dropped.map((location) => location.name).join(", ")} will no longer serve ${channel.slug}: its stock there is shown as 0. Save?`}
            confirmLabel="Save"
            disabled={busy}
            onConfirm={save}
          />
        ) : (
          <Button size="small" variant="secondary" disabled={busy} onClick={save}>
            Save locations
          </Button>
        )}
        <Button size="small" variant="tertiary" onClick={() => setEditing(undefined)}>
          Cancel
        </Button>
      </Box>
    </Box>
  );
}

function NewChannel({ all, onSaved }: { all: LocationChoice[]; onSaved: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [slug, setSlug] = useState("");
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<LocationChoice[]>([]);
  const define = async () => {
    const done = await mutate(
      CHANNEL_DEFINE,
      { input: { slug: slug.trim(), name: name.trim(), locationIds: chosen.map((location) => location.id) } },
      "channelDefine",
      `Channel ${slug.trim()} defined`,
    );
    if (done) {
      setSlug("");
      setName("");
      setChosen([]);
      onSaved();
    }
  };
  return (
    <Card title="Define an outside channel">
      <Text as="p" color="default2" marginBottom={3}>
        A marketplace or another shop: the locations whose stock it may sell, first choice first. Saleor's own channels are imported.
      </Text>
      <Box display="flex" gap={3} alignItems="flex-start" flexWrap="wrap" data-testid="new-channel">
        <Input label="Slug" size="small" value={slug} onChange={(event) => setSlug(event.target.value)} error={Boolean(errorFor(errors, "slug"))} helperText={errorFor(errors, "slug")} />
        <Input label="Name" size="small" value={name} onChange={(event) => setName(event.target.value)} />
        <LocationOrder value={chosen} all={all} onChange={setChosen} />
        <Button variant="primary" disabled={busy || !slug.trim()} onClick={define}>
          Define channel
        </Button>
      </Box>
      <FieldErrors errors={errors} />
    </Card>
  );
}
