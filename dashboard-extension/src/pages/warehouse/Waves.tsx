/**
 * Waves and batches at one location: the releases waiting for a wave, a wave made by hand
 * (strategy, size cap, totes; planned at once or later: `waveCreate`), the waves with their
 * state (`waveRelease`, `waveCancel`), printing (pick lists, packing slips, labels of a wave:
 * `warehouseDocument`), and each pick list's stops in walking order, confirmed by scan.
 */

import { Fragment, useState } from "react";
import { Box, Button, Checkbox, Input, Text } from "@saleor/macaw-ui";

import { nodes } from "../../api/client";
import { graphql } from "../../api/graphql";
import type { OmsPickStrategy, ReleasesWaitingQuery, WaveFragment } from "../../api/generated/operations";
import { useQuery, type QueryState } from "../../app/hooks";
import { useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors, wholeNumber } from "../../components/forms";
import { Card, Cell, QueryBody, Select, StatusChip, Table, formatDate } from "../../components/ui";
import { usePrint } from "./documents";
import { PickByScan } from "./PickByScan";
import { PICK_LINE } from "./picking";

export const WAVE = graphql(`
fragment Wave on OmsWave {
  id number state strategy trigger sizeCap totes walkDistanceM createdAt releasedAt doneAt
  releases { id state units order { number } }
  pickLists { id position strategy zone state walkDistanceM totes { tote releaseId } lines { ...PickLine } }
}`);

export const RELEASES_WAITING = graphql(`
query ReleasesWaiting($locationId: ID!) {
  warehouseReleases(locationId: $locationId, states: [RELEASED], first: 100) {
    totalCount edges { node { id state units waveId createdAt order { number } lines { sku quantity } } }
  }
}`);
export const WAVES = graphql(`
query Waves($locationId: ID!) { waves(locationId: $locationId, first: 20) { totalCount edges { node { ...Wave } } } }`, WAVE, PICK_LINE);
export const WAVE_CREATE = graphql(`
mutation WaveCreate($locationId: ID!, $releaseIds: [ID!], $sizeCap: Int, $strategy: OmsPickStrategy, $totes: Int, $release: Boolean) {
  waveCreate(locationId: $locationId, releaseIds: $releaseIds, sizeCap: $sizeCap, strategy: $strategy, totes: $totes, release: $release) {
    wave { id number state } errors { field message code }
  }
}`);
export const WAVE_RELEASE = graphql(`mutation WaveRelease($id: ID!) { waveRelease(id: $id) { wave { id state } errors { field message code } } }`);
export const WAVE_CANCEL = graphql(`mutation WaveCancel($id: ID!) { waveCancel(id: $id) { wave { id state } errors { field message code } } }`);

export type Wave = WaveFragment;

export const STRATEGIES: { value: OmsPickStrategy; label: string }[] = [
  { value: "BATCH", label: "Batch (many orders, one walk)" },
  { value: "DISCRETE", label: "Discrete (one order per list)" },
  { value: "ZONE", label: "Zone (a list per zone)" },
];

export function Waves({ locationId }: { locationId: string }) {
  const waiting = useQuery(RELEASES_WAITING, { locationId });
  const waves = useQuery(WAVES, { locationId });
  const reload = () => {
    waiting.reload();
    waves.reload();
  };
  return (
    <>
      <ReleasesWaiting locationId={locationId} query={waiting} onCreated={reload} />
      <Card title={`Waves${waves.data ? ` (${waves.data.waves.totalCount})` : ""}`}>
        <QueryBody {...waves} empty={(data) => (data.waves.edges.length ? null : { title: "No waves yet", text: "Make one from the releases waiting above." })}>
          {(data) => (
            <Table head={["Wave", "State", "Strategy", "Trigger", "Orders", "Lists", "Walk", "Created", ""]} testId="waves">
              {nodes(data.waves).map((wave) => (
                <WaveRow key={wave.id} wave={wave} onChanged={reload} />
              ))}
            </Table>
          )}
        </QueryBody>
      </Card>
    </>
  );
}

function ReleasesWaiting({ locationId, query, onCreated }: { locationId: string; query: QueryState<ReleasesWaitingQuery>; onCreated: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [selected, setSelected] = useState<string[]>([]);
  const [strategy, setStrategy] = useState<OmsPickStrategy>("BATCH");
  const [sizeCap, setSizeCap] = useState("");
  const [totes, setTotes] = useState("");
  const [releaseNow, setReleaseNow] = useState(true);
  const releases = query.data ? nodes(query.data.warehouseReleases).filter((release) => !release.waveId) : [];
  const cap = wholeNumber(sizeCap);
  const toteCount = wholeNumber(totes);
  const valid = (sizeCap.trim() === "" || (cap !== null && cap > 0)) && (totes.trim() === "" || (toteCount !== null && toteCount > 0));

  const create = async () => {
    const done = await mutate(
      WAVE_CREATE,
      { locationId, releaseIds: selected.length ? selected : null, sizeCap: cap, strategy, totes: toteCount, release: releaseNow },
      "waveCreate",
      "Wave created",
    );
    if (done) {
      setSelected([]);
      onCreated();
    }
  };

  return (
    <Card title={`Releases waiting for a wave (${releases.length})`}>
      <QueryBody {...query} empty={() => (releases.length ? null : { title: "Nothing waiting", text: "Applied shipments of this location appear here until a wave takes them." })}>
        {() => (
          <Table head={["", "Order", "Units", "Lines", "Released"]} testId="releases-waiting">
            {releases.map((release) => (
              <tr key={release.id} data-testid={`release-${release.order.number}`}>
                <Cell>
                  <Checkbox
                    aria-label={`Wave order #${release.order.number}`}
                    checked={selected.includes(release.id)}
                    onCheckedChange={(checked) => setSelected(checked === true ? [...selected, release.id] : selected.filter((id) => id !== release.id))}
                  />
                </Cell>
                <Cell>#{release.order.number}</Cell>
                <Cell>{release.units}</Cell>
                <Cell>{release.lines.map((line) => `${line.quantity} × ${line.sku}`).join(", ")}</Cell>
                <Cell>{formatDate(release.createdAt)}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </QueryBody>
      <Box display="flex" gap={3} alignItems="flex-end" flexWrap="wrap" marginTop={4} data-testid="wave-create">
        <Select label="Strategy" value={strategy} onChange={(event) => setStrategy(event.target.value as OmsPickStrategy)} options={STRATEGIES} />
        <Input label="Size cap (orders)" size="small" type="number" min={1} value={sizeCap} onChange={(event) => setSizeCap(event.target.value)} placeholder="location's cap" />
        <Input label="Totes" size="small" type="number" min={1} value={totes} onChange={(event) => setTotes(event.target.value)} placeholder="per cart" />
        <Checkbox checked={releaseNow} onCheckedChange={(checked) => setReleaseNow(checked === true)}>
          <Text size={2}>Plan pick lists at once</Text>
        </Checkbox>
        <Button variant="primary" disabled={busy || !valid || releases.length === 0} onClick={create}>
          {selected.length ? `Create wave of ${selected.length}` : "Create wave"}
        </Button>
      </Box>
      <FieldErrors errors={errors} />
    </Card>
  );
}

function WaveRow({ wave, onChanged }: { wave: Wave; onChanged: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const { busy: printing, print } = usePrint();
  const [open, setOpen] = useState(false);
  const release = async () => {
    if (await mutate(WAVE_RELEASE, { id: wave.id }, "waveRelease", `Wave W${wave.number} released to the pickers`)) onChanged();
  };
  const cancel = async () => {
    if (await mutate(WAVE_CANCEL, { id: wave.id }, "waveCancel", `Wave W${wave.number} cancelled`)) onChanged();
  };
  const planned = wave.pickLists.length > 0;
  return (
    <Fragment>
      <tr data-testid={`wave-${wave.number}`}>
        <Cell>W{wave.number}</Cell>
        <Cell>
          <StatusChip status={wave.state} />
        </Cell>
        <Cell>{wave.strategy.toLowerCase()}</Cell>
        <Cell>{wave.trigger.toLowerCase()}</Cell>
        <Cell>{wave.releases.map((release) => `#${release.order.number}`).join(", ")}</Cell>
        <Cell>{wave.pickLists.length}</Cell>
        <Cell>{wave.walkDistanceM.toFixed(0)} m</Cell>
        <Cell>{formatDate(wave.createdAt)}</Cell>
        <Cell>
          <Box display="flex" gap={1} flexWrap="wrap">
            {wave.state === "OPEN" && (
              <Button size="small" variant="secondary" disabled={busy} onClick={release}>
                Release
              </Button>
            )}
            {wave.state === "OPEN" && (
              <ConfirmButton label="Cancel" question="Cancel: its orders wait again?" confirmLabel="Cancel wave" disabled={busy} onConfirm={cancel} />
            )}
            {planned && (
              <>
                <Button size="small" variant="tertiary" disabled={printing} onClick={() => void print("PICK_LIST", { waveId: wave.id })}>
                  Print pick lists
                </Button>
                <Button size="small" variant="tertiary" disabled={printing} onClick={() => void print("PACKING_SLIPS", { waveId: wave.id })}>
                  Print packing slips
                </Button>
                <Button size="small" variant="tertiary" disabled={printing} onClick={() => void print("LABELS", { waveId: wave.id })}>
                  Print labels
                </Button>
                <Button size="small" variant="tertiary" onClick={() => setOpen(!open)} aria-expanded={open}>
                  {open ? "Hide pick lists" : "Pick lists"}
                </Button>
              </>
            )}
          </Box>
          <FieldErrors errors={errors} />
        </Cell>
      </tr>
      {open && (
        <tr>
          <Cell colSpan={9}>
            <Box display="flex" flexDirection="column" gap={4}>
              {[...wave.pickLists]
                .sort((a, b) => a.position - b.position)
                .map((list) => (
                  <PickListView key={list.id} wave={wave} list={list} onChanged={onChanged} />
                ))}
            </Box>
          </Cell>
        </tr>
      )}
    </Fragment>
  );
}

type PickList = Wave["pickLists"][number];

/** Which order a tote holds, for the splits of a line. */
function toteNames(wave: Wave, list: PickList): Map<number, string> {
  const orders = new Map(wave.releases.map((release) => [release.id, release.order.number]));
  return new Map(list.totes.map((tote) => [tote.tote, `#${orders.get(tote.releaseId) ?? "?"}`]));
}

function PickListView({ wave, list, onChanged }: { wave: Wave; list: PickList; onChanged: () => void }) {
  const [picking, setPicking] = useState(false);
  const totes = toteNames(wave, list);
  const lines = [...list.lines].sort((a, b) => a.position - b.position);
  const open = lines.some((line) => line.openQuantity > 0);
  return (
    <Box data-testid={`pick-list-${list.position}`}>
      <Box display="flex" gap={3} alignItems="center" marginBottom={2}>
        <Text fontWeight="bold">
          List {list.position}
          {list.zone ? ` · zone ${list.zone}` : ""} · {list.strategy.toLowerCase()} · {list.walkDistanceM.toFixed(0)} m
        </Text>
        <StatusChip status={list.state} />
        {open && (
          <Button size="small" variant={picking ? "tertiary" : "primary"} onClick={() => setPicking(!picking)}>
            {picking ? "Stop picking" : "Pick by scan"}
          </Button>
        )}
      </Box>
      {picking && open ? (
        <PickByScan lines={lines} totes={totes} onDone={() => { setPicking(false); onChanged(); }} />
      ) : (
        <Table head={["Stop", "Bin", "SKU", "Quantity", "Picked", "Short", "Totes"]}>
          {lines.map((line) => (
            <tr key={line.id} data-testid={`pick-line-${line.position}`}>
              <Cell>{line.position}</Cell>
              <Cell>{line.bin.code}</Cell>
              <Cell>{line.sku}</Cell>
              <Cell>{line.quantity}</Cell>
              <Cell>{line.picked}</Cell>
              <Cell>{line.short || "—"}</Cell>
              <Cell>{line.splits.map((split) => `T${split.tote} ${totes.get(split.tote) ?? ""}: ${split.quantity}`).join(", ")}</Cell>
            </tr>
          ))}
        </Table>
      )}
    </Box>
  );
}

export type { PickList };
