/**
 * Locations: every place stock is held, Saleor's warehouses and outside locations, with the
 * channels each serves and where routing places them; create outside locations, change them
 * (`locationUpdate`), archive or restore them (`locationArchive`), pin their coordinates and
 * edit their routing settings.
 */

import { Fragment, useState } from "react";
import { Box, Button, Checkbox, Text } from "@saleor/macaw-ui";

import { nodes } from "../api/client";
import { graphql } from "../api/graphql";
import type { ManagedLocationsQuery } from "../api/generated/operations";
import { useQuery } from "../app/hooks";
import { useMutation } from "../app/mutation";
import { ConfirmButton, FieldErrors } from "../components/forms";
import { Card, Cell, PageHeader, QueryBody, StatusChip, Table } from "../components/ui";
import { LocationCoordinates } from "./locations/Coordinates";
import { EditLocation } from "./locations/EditLocation";
import { LocationRoutingSettingsEditor } from "./locations/RoutingSettings";
import { MANAGED_LOCATIONS, NewLocation, OUTSIDE_KINDS, type ManagedLocation } from "./locations/NewLocation";

export const LOCATION_ARCHIVE = graphql(`
mutation LocationArchive($id: ID!, $archived: Boolean) { locationArchive(id: $id, archived: $archived) { location { id isDeleted } errors { field message code } } }`);

type ChannelLocations = ManagedLocationsQuery["inventoryChannels"][number];

export function kindLabel(kind: ManagedLocation["kind"]): string {
  return kind === "SALEOR_WAREHOUSE" ? "Saleor warehouse" : (OUTSIDE_KINDS.find((item) => item.value === kind)?.label ?? kind);
}

export function LocationsPage() {
  const query = useQuery(MANAGED_LOCATIONS);
  const [showArchived, setShowArchived] = useState(false);
  return (
    <>
      <PageHeader title="Locations" />
      <Card
        title={`Locations${query.data ? ` (${query.data.locations.totalCount})` : ""}`}
        actions={
          <Checkbox checked={showArchived} onCheckedChange={(checked) => setShowArchived(checked === true)}>
            <Text size={2}>Show archived</Text>
          </Checkbox>
        }
      >
        <QueryBody {...query} empty={(data) => (data.locations.edges.length ? null : { title: "No locations yet", text: "Saleor's warehouses appear once imported." })}>
          {(data) => (
            <Table head={["Name", "Kind", "Slug", "Address", "Channels", "Coordinates", "State", ""]} testId="locations">
              {nodes(data.locations)
                .filter((location) => showArchived || !location.isDeleted)
                .map((location) => (
                  <LocationRow
                    key={location.id}
                    location={location}
                    channels={data.inventoryChannels.filter((channel) => channel.locations.some((item) => item.id === location.id))}
                    onChanged={query.reload}
                  />
                ))}
            </Table>
          )}
        </QueryBody>
      </Card>
      <NewLocation onCreated={query.reload} />
    </>
  );
}

function LocationRow({ location, channels, onChanged }: { location: ManagedLocation; channels: ChannelLocations[]; onChanged: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [editing, setEditing] = useState(false);
  const [routing, setRouting] = useState(false);
  const outside = location.kind !== "SALEOR_WAREHOUSE";
  const archive = async (archived: boolean) => {
    const done = await mutate(LOCATION_ARCHIVE, { id: location.id, archived }, "locationArchive", `${location.name} ${archived ? "archived" : "restored"}`);
    if (done) onChanged();
  };
  return (
    <Fragment>
      <tr data-testid={`location-${location.slug || location.id}`}>
        <Cell>{location.name}</Cell>
        <Cell>{kindLabel(location.kind)}</Cell>
        <Cell>{location.slug || "—"}</Cell>
        <Cell>{[location.streetAddress1, location.postalCode, location.city, location.country].filter(Boolean).join(", ") || "—"}</Cell>
        <Cell>{channels.map((channel) => channel.name || channel.slug).join(", ") || "—"}</Cell>
        <Cell>
          <LocationCoordinates location={location} onChanged={onChanged} />
        </Cell>
        <Cell>
          <StatusChip status={location.isDeleted ? (outside ? "archived" : "deleted in Saleor") : "active"} />
        </Cell>
        <Cell>
          <Box display="flex" flexDirection="column" gap={1}>
            <Button size="small" variant="tertiary" onClick={() => setRouting(!routing)}>
              {routing ? "Close routing" : "Routing"}
            </Button>
            {outside && (
              <>
                <Button size="small" variant="tertiary" onClick={() => setEditing(!editing)}>
                  {editing ? "Close" : "Edit"}
                </Button>
                {location.isDeleted ? (
                  <ConfirmButton label="Restore" question={`Restore ${location.name}?`} confirmLabel="Restore" disabled={busy} onConfirm={() => archive(false)} />
                ) : (
                  <ConfirmButton
                    label="Archive"
                    question={`Archive ${location.name}? Its stock leaves every channel.`}
                    confirmLabel="Archive"
                    disabled={busy}
                    onConfirm={() => archive(true)}
                  />
                )}
                <FieldErrors errors={errors} />
              </>
            )}
          </Box>
        </Cell>
      </tr>
      {routing && (
        <tr data-testid={`routing-${location.slug || location.id}`}>
          <Cell colSpan={8}>
            <Box display="flex" flexDirection="column" gap={2}>
              <Text size={2} fontWeight="bold">
                Routing settings of {location.name}
              </Text>
              <LocationRoutingSettingsEditor locationId={location.id} name={location.name} onClose={() => setRouting(false)} />
            </Box>
          </Cell>
        </tr>
      )}
      {editing && (
        <tr>
          <Cell colSpan={8}>
            <EditLocation
              location={location}
              onClose={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                onChanged();
              }}
            />
          </Cell>
        </tr>
      )}
    </Fragment>
  );
}
