/**
 * Shipping at one location: the parcels (newest first, by state) with their labels, reprinted
 * or voided (`parcelVoid`, until the day's manifest closes), and the end-of-day manifests per
 * carrier, closed (`manifestClose`) and printed.
 */

import { useState } from "react";
import { Box, Button, Text } from "@saleor/macaw-ui";

import { graphql } from "../../api/graphql";
import type { ManifestsQuery, OmsParcelState } from "../../api/generated/operations";
import { useApp } from "../../app/AppContext";
import { useQuery, type QueryState } from "../../app/hooks";
import { useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors } from "../../components/forms";
import { Card, Cell, QueryBody, Select, StatusChip, Table, formatDate } from "../../components/ui";
import { usePrint } from "./documents";
import { CARRIERS, PARCEL, type Parcel } from "./pack";

export const PARCELS = graphql(`
query Parcels($locationId: ID!, $state: OmsParcelState) { parcels(locationId: $locationId, state: $state, first: 100) { ...Parcel } }`, PARCEL);
export const MANIFESTS = graphql(`
query Manifests($locationId: ID!) { manifests(locationId: $locationId, first: 30) { id carrier closedAt parcels documentUrl } }`);
export const PARCEL_VOID = graphql(`
mutation ParcelVoid($parcelId: ID!) { parcelVoid(parcelId: $parcelId) { parcels { id state } errors { field message code } } }`);
export const MANIFEST_CLOSE = graphql(`
mutation ManifestClose($locationId: ID!, $carrier: String!) { manifestClose(locationId: $locationId, carrier: $carrier) { manifest { id carrier parcels closedAt documentUrl } errors { field message code } } }`);

const STATES: OmsParcelState[] = ["OPEN", "CLOSED", "LABELLED", "SHIPPED", "VOIDED"];
const VOIDABLE: OmsParcelState[] = ["LABELLED", "SHIPPED"];

export function Shipping({ locationId }: { locationId: string }) {
  const [state, setState] = useState<OmsParcelState | "">("");
  const parcels = useQuery(PARCELS, { locationId, state: state || null });
  const manifests = useQuery(MANIFESTS, { locationId });
  return (
    <>
      <Card
        title="Parcels"
        actions={<Select label="State" value={state} onChange={(event) => setState(event.target.value as OmsParcelState | "")} options={[{ value: "", label: "all" }, ...STATES.map((item) => ({ value: item, label: item.toLowerCase() }))]} />}
      >
        <QueryBody {...parcels} empty={(data) => (data.parcels.length ? null : { title: "No parcels", text: "Parcels appear as the pack station closes them." })}>
          {(data) => (
            <Table head={["Created", "Box", "Weight", "Carrier", "Tracking", "State", ""]} testId="parcels">
              {data.parcels.map((parcel) => (
                <ParcelRow key={parcel.id} parcel={parcel} onChanged={parcels.reload} />
              ))}
            </Table>
          )}
        </QueryBody>
      </Card>
      <Manifests locationId={locationId} query={manifests} onClosed={() => { manifests.reload(); parcels.reload(); }} />
    </>
  );
}

function ParcelRow({ parcel, onChanged }: { parcel: Parcel; onChanged: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const { busy: printing, print } = usePrint();
  const labelled = parcel.trackingNumber !== null || parcel.labelUrl !== null;
  return (
    <tr data-testid={`parcel-${parcel.trackingNumber ?? parcel.id}`}>
      <Cell>{formatDate(parcel.createdAt)}</Cell>
      <Cell>{parcel.boxCode}</Cell>
      <Cell>{parcel.weightG === null ? "—" : `${parcel.weightG} g`}</Cell>
      <Cell>{[parcel.carrier, parcel.service].filter(Boolean).join(" · ") || "—"}</Cell>
      <Cell>{parcel.trackingNumber ?? "—"}</Cell>
      <Cell>
        <StatusChip status={parcel.state} />
      </Cell>
      <Cell>
        <Box display="flex" gap={1}>
          {labelled && parcel.state !== "VOIDED" && (
            <Button size="small" variant="tertiary" disabled={printing} onClick={() => void print("LABELS", { parcelId: parcel.id })}>
              Print label
            </Button>
          )}
          {VOIDABLE.includes(parcel.state) && (
            <ConfirmButton
              label="Void"
              question="Void this label? The carrier is told; pack and ship again to send it."
              confirmLabel="Void label"
              disabled={busy}
              onConfirm={async () => {
                if (await mutate(PARCEL_VOID, { parcelId: parcel.id }, "parcelVoid", `Label ${parcel.trackingNumber ?? ""} voided`)) onChanged();
              }}
            />
          )}
        </Box>
        <FieldErrors errors={errors} />
      </Cell>
    </tr>
  );
}

function Manifests({ locationId, query, onClosed }: { locationId: string; query: QueryState<ManifestsQuery>; onClosed: () => void }) {
  const { openUrl } = useApp();
  const carriers = useQuery(CARRIERS);
  const { busy, errors, mutate } = useMutation();
  const [carrier, setCarrier] = useState("");
  const choices = carriers.data?.carriers ?? [];
  const chosen = carrier || choices[0]?.code || "";
  return (
    <Card title="Manifests">
      <Box display="flex" gap={3} alignItems="flex-end" marginBottom={4} data-testid="manifest-close">
        <Select label="Carrier" value={chosen} onChange={(event) => setCarrier(event.target.value)} options={choices.map((item) => ({ value: item.code, label: item.name }))} />
        <ConfirmButton
          label="Close today's manifest"
          question={`Close today's ${choices.find((item) => item.code === chosen)?.name ?? chosen} manifest? Its labels can no longer be voided.`}
          confirmLabel="Close manifest"
          disabled={busy || !chosen}
          onConfirm={async () => {
            const done = await mutate(MANIFEST_CLOSE, { locationId, carrier: chosen }, "manifestClose", "Manifest closed");
            if (done) {
              onClosed();
              if (done.manifest?.documentUrl) openUrl(done.manifest.documentUrl);
            }
          }}
        />
      </Box>
      <FieldErrors errors={errors} />
      <QueryBody {...query} empty={(data) => (data.manifests.length ? null : { title: "No manifests yet" })}>
        {(data) => (
          <Table head={["Carrier", "Closed", "Parcels", ""]} testId="manifests">
            {data.manifests.map((manifest) => (
              <tr key={manifest.id} data-testid={`manifest-${manifest.carrier}`}>
                <Cell>{choices.find((item) => item.code === manifest.carrier)?.name ?? manifest.carrier}</Cell>
                <Cell>{manifest.closedAt ? formatDate(manifest.closedAt) : <Text size={3}>open</Text>}</Cell>
                <Cell>{manifest.parcels}</Cell>
                <Cell>
                  {manifest.documentUrl && (
                    <Button size="small" variant="tertiary" onClick={() => openUrl(manifest.documentUrl as string)}>
                      Print
                    </Button>
                  )}
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </QueryBody>
    </Card>
  );
}
