/**
 * A location's layout (`warehouseLayout`): zones, bins along the walking sequence with their
 * floor position (metres from the depot), and which bin keeps each SKU: set one at a time or
 * imported from CSV (`sku,bin`; every row or none, an error per bad row).
 */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { graphql } from "../../api/graphql";
import type { WarehouseLayoutQuery } from "../../api/generated/operations";
import { useQuery, type QueryState } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors, TextArea, wholeNumber } from "../../components/forms";
import { Card, Cell, QueryBody, Select, Table } from "../../components/ui";

export const BOX_TYPE = graphql(`
fragment BoxType on OmsBoxType { id code name innerWidthMm innerHeightMm innerDepthMm maxWeightG cost currency isActive }`);
export const WAREHOUSE_LAYOUT = graphql(`
query WarehouseLayout($locationId: ID!) {
  warehouseLayout(locationId: $locationId) {
    zones { id code name }
    bins { id code sequence x y zone { code } }
    slots { id sku bin { code } }
    boxTypes { ...BoxType }
  }
}`, BOX_TYPE);
export const ZONE_SAVE = graphql(`
mutation WarehouseZoneSave($locationId: ID!, $code: String!, $name: String) { warehouseZoneSave(locationId: $locationId, code: $code, name: $name) { zone { id code name } errors { field message code } } }`);
export const ZONE_DELETE = graphql(`
mutation WarehouseZoneDelete($id: ID!) { warehouseZoneDelete(id: $id) { deletedId errors { field message code } } }`);
export const BIN_SAVE = graphql(`
mutation WarehouseBinSave($input: OmsWarehouseBinInput!) { warehouseBinSave(input: $input) { bin { id code sequence } errors { field message code } } }`);
export const BIN_DELETE = graphql(`
mutation WarehouseBinDelete($id: ID!) { warehouseBinDelete(id: $id) { deletedId errors { field message code } } }`);
export const SLOT_SET = graphql(`
mutation WarehouseSlotSet($locationId: ID!, $sku: String!, $binCode: String!) { warehouseSlotSet(locationId: $locationId, sku: $sku, binCode: $binCode) { slot { id sku } errors { field message code } } }`);
export const SLOT_DELETE = graphql(`
mutation WarehouseSlotDelete($id: ID!) { warehouseSlotDelete(id: $id) { deletedId errors { field message code } } }`);
export const SLOTTING_IMPORT = graphql(`
mutation WarehouseSlottingImport($locationId: ID!, $csv: String!) { warehouseSlottingImport(locationId: $locationId, csv: $csv) { created updated unchanged errors { field message code } } }`);

type Layout = WarehouseLayoutQuery["warehouseLayout"];

export function LayoutEditor({ locationId }: { locationId: string }) {
  const query = useQuery(WAREHOUSE_LAYOUT, { locationId });
  return (
    <QueryBody {...query}>
      {(data) => (
        <>
          <Zones locationId={locationId} layout={data.warehouseLayout} onChanged={query.reload} />
          <Bins locationId={locationId} layout={data.warehouseLayout} onChanged={query.reload} />
          <Slotting locationId={locationId} layout={data.warehouseLayout} query={query} />
        </>
      )}
    </QueryBody>
  );
}

function Zones({ locationId, layout, onChanged }: { locationId: string; layout: Layout; onChanged: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const save = async () => {
    if (await mutate(ZONE_SAVE, { locationId, code: code.trim(), name: name.trim() }, "warehouseZoneSave", `Zone ${code.trim()} saved`)) {
      setCode("");
      setName("");
      onChanged();
    }
  };
  const remove = async (id: string, zone: string) => {
    if (await mutate(ZONE_DELETE, { id }, "warehouseZoneDelete", `Zone ${zone} deleted`)) onChanged();
  };
  return (
    <Card title={`Zones (${layout.zones.length})`}>
      {layout.zones.length > 0 && (
        <Table head={["Code", "Name", "Bins", ""]} testId="zones">
          {layout.zones.map((zone) => (
            <tr key={zone.id} data-testid={`zone-${zone.code}`}>
              <Cell>{zone.code}</Cell>
              <Cell>{zone.name || "—"}</Cell>
              <Cell>{layout.bins.filter((bin) => bin.zone.code === zone.code).length}</Cell>
              <Cell>
                <Box display="flex" gap={1}>
                  <Button size="small" variant="tertiary" onClick={() => { setCode(zone.code); setName(zone.name); }}>
                    Rename
                  </Button>
                  <ConfirmButton label="Delete" question={`Delete zone ${zone.code}?`} confirmLabel="Delete zone" disabled={busy} onConfirm={() => remove(zone.id, zone.code)} />
                </Box>
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      <Box display="flex" gap={3} alignItems="flex-end" marginTop={3} data-testid="zone-form">
        <Input label="Zone code" size="small" value={code} onChange={(event) => setCode(event.target.value)} error={Boolean(errorFor(errors, "code"))} />
        <Input label="Zone name" size="small" value={name} onChange={(event) => setName(event.target.value)} />
        <Button variant="secondary" disabled={busy || !code.trim()} onClick={save}>
          Save zone
        </Button>
      </Box>
      <FieldErrors errors={errors} />
    </Card>
  );
}

interface BinDraft {
  code: string;
  zoneCode: string;
  sequence: string;
  x: string;
  y: string;
}

const EMPTY_BIN: BinDraft = { code: "", zoneCode: "", sequence: "", x: "0", y: "0" };

function Bins({ locationId, layout, onChanged }: { locationId: string; layout: Layout; onChanged: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [draft, setDraft] = useState<BinDraft>(EMPTY_BIN);
  const nextSequence = layout.bins.reduce((most, bin) => Math.max(most, bin.sequence + 1), 0);
  const zoneCode = draft.zoneCode || layout.zones[0]?.code || "";
  const sequence = draft.sequence === "" ? nextSequence : wholeNumber(draft.sequence);
  const x = Number(draft.x);
  const y = Number(draft.y);
  const valid = draft.code.trim() && zoneCode && sequence !== null && sequence >= 0 && Number.isFinite(x) && Number.isFinite(y);
  const save = async () => {
    if (!valid || sequence === null) return;
    const done = await mutate(BIN_SAVE, { input: { locationId, code: draft.code.trim(), zoneCode, sequence, x, y } }, "warehouseBinSave", `Bin ${draft.code.trim()} saved`);
    if (done) {
      setDraft(EMPTY_BIN);
      onChanged();
    }
  };
  const remove = async (id: string, code: string) => {
    if (await mutate(BIN_DELETE, { id }, "warehouseBinDelete", `Bin ${code} deleted`)) onChanged();
  };
  const set = (field: keyof BinDraft) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value });
  return (
    <Card title={`Bins in walking order (${layout.bins.length})`}>
      {layout.bins.length > 0 && (
        <Table head={["Sequence", "Bin", "Zone", "x (m)", "y (m)", "SKUs", ""]} testId="bins">
          {layout.bins.map((bin) => (
            <tr key={bin.id} data-testid={`bin-${bin.code}`}>
              <Cell>{bin.sequence}</Cell>
              <Cell>{bin.code}</Cell>
              <Cell>{bin.zone.code}</Cell>
              <Cell>{bin.x}</Cell>
              <Cell>{bin.y}</Cell>
              <Cell>{layout.slots.filter((slot) => slot.bin.code === bin.code).map((slot) => slot.sku).join(", ") || "—"}</Cell>
              <Cell>
                <Box display="flex" gap={1}>
                  <Button size="small" variant="tertiary" onClick={() => setDraft({ code: bin.code, zoneCode: bin.zone.code, sequence: String(bin.sequence), x: String(bin.x), y: String(bin.y) })}>
                    Edit
                  </Button>
                  <ConfirmButton label="Delete" question={`Delete bin ${bin.code}?`} confirmLabel="Delete bin" disabled={busy} onConfirm={() => remove(bin.id, bin.code)} />
                </Box>
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      {layout.zones.length === 0 ? (
        <Text color="default2">Add a zone first: every bin is in one.</Text>
      ) : (
        <Box display="flex" gap={3} alignItems="flex-end" flexWrap="wrap" marginTop={3} data-testid="bin-form">
          <Input label="Bin code" size="small" value={draft.code} onChange={set("code")} error={Boolean(errorFor(errors, "code"))} />
          <Select label="Zone" value={zoneCode} onChange={set("zoneCode")} options={layout.zones.map((zone) => ({ value: zone.code, label: zone.name ? `${zone.code} · ${zone.name}` : zone.code }))} />
          <Input label="Sequence" size="small" type="number" min={0} value={draft.sequence} placeholder={String(nextSequence)} onChange={set("sequence")} error={Boolean(errorFor(errors, "sequence"))} helperText={errorFor(errors, "sequence")} />
          <Input label="x (m)" size="small" type="number" step="0.1" value={draft.x} onChange={set("x")} />
          <Input label="y (m)" size="small" type="number" step="0.1" value={draft.y} onChange={set("y")} />
          <Button variant="secondary" disabled={busy || !valid} onClick={save}>
            Save bin
          </Button>
        </Box>
      )}
      <FieldErrors errors={errors} />
    </Card>
  );
}

function Slotting({ locationId, layout, query }: { locationId: string; layout: Layout; query: QueryState<WarehouseLayoutQuery> }) {
  const { busy, errors, mutate } = useMutation();
  const [sku, setSku] = useState("");
  const [binCode, setBinCode] = useState("");
  const [csv, setCsv] = useState("");
  const [imported, setImported] = useState<string>();
  const bin = binCode || layout.bins[0]?.code || "";
  const slot = async () => {
    if (await mutate(SLOT_SET, { locationId, sku: sku.trim(), binCode: bin }, "warehouseSlotSet", `${sku.trim()} kept in ${bin}`)) {
      setSku("");
      query.reload();
    }
  };
  const unslot = async (id: string, code: string) => {
    if (await mutate(SLOT_DELETE, { id }, "warehouseSlotDelete", `${code} unslotted`)) query.reload();
  };
  const importCsv = async () => {
    setImported(undefined);
    const done = await mutate(SLOTTING_IMPORT, { locationId, csv }, "warehouseSlottingImport", "Slotting imported");
    if (done) {
      setImported(`${done.created ?? 0} created, ${done.updated ?? 0} moved, ${done.unchanged ?? 0} unchanged`);
      setCsv("");
      query.reload();
    }
  };
  return (
    <Card title={`Slotting (${layout.slots.length} SKUs)`}>
      {layout.slots.length > 0 && (
        <Table head={["SKU", "Bin", ""]} testId="slots">
          {layout.slots.map((item) => (
            <tr key={item.id} data-testid={`slot-${item.sku}`}>
              <Cell>{item.sku}</Cell>
              <Cell>{item.bin.code}</Cell>
              <Cell>
                <ConfirmButton label="Unslot" question={`Unslot ${item.sku}?`} confirmLabel="Unslot" disabled={busy} onConfirm={() => unslot(item.id, item.sku)} />
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      {layout.bins.length > 0 && (
        <Box display="flex" gap={3} alignItems="flex-end" marginTop={3} data-testid="slot-form">
          <Input label="SKU" size="small" value={sku} onChange={(event) => setSku(event.target.value)} />
          <Select label="Bin" value={bin} onChange={(event) => setBinCode(event.target.value)} options={layout.bins.map((item) => ({ value: item.code, label: item.code }))} />
          <Button variant="secondary" disabled={busy || !sku.trim() || !bin} onClick={slot}>
            Slot
          </Button>
        </Box>
      )}
      <Box display="flex" flexDirection="column" gap={2} marginTop={4} data-testid="slotting-import">
        <Text size={2} color="default2">
          Import from CSV: a header row <code>sku,bin</code>, then one SKU a row. Every row is applied, or none.
        </Text>
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label="Slotting CSV file"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (file) setCsv(await file.text());
          }}
        />
        <TextArea label="Slotting CSV" value={csv} onChange={(event) => setCsv(event.target.value)} placeholder={"sku,bin\nSKU-1,A-01"} style={{ minHeight: 100 }} />
        <Box>
          <Button variant="secondary" disabled={busy || !csv.trim()} onClick={importCsv}>
            Import slotting
          </Button>
        </Box>
        {imported && (
          <Text size={2} data-testid="slotting-result">
            {imported}
          </Text>
        )}
      </Box>
      <FieldErrors errors={errors} />
    </Card>
  );
}
