/**
 * Warehouse execution at one location (`warehouseExecution`, `warehouseExecutionSet`): on, the
 * location's applied shipments are released to its pickers instead of shipping at once; how
 * waves are made (strategy, size cap, totes per cart, every N minutes, carrier cut-offs).
 */

import { useEffect, useState } from "react";
import { Box, Button, Checkbox, Input, Text } from "@saleor/macaw-ui";

import { graphql } from "../../api/graphql";
import type { OmsPickStrategy, WarehouseExecutionFragment } from "../../api/generated/operations";
import { useQuery } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { FieldErrors, wholeNumber } from "../../components/forms";
import { Card, QueryBody, Select } from "../../components/ui";
import { STRATEGIES } from "./Waves";

export const EXECUTION = graphql(`
fragment WarehouseExecution on OmsWarehouseExecution { enabled waveSizeCap totesPerCart strategy waveIntervalMinutes cutoffTimes timeZone updatedAt location { id name } }`);
export const WAREHOUSE_EXECUTION = graphql(`
query WarehouseExecution($locationId: ID!) { warehouseExecution(locationId: $locationId) { ...WarehouseExecution } }`, EXECUTION);
export const WAREHOUSE_EXECUTION_SET = graphql(`
mutation WarehouseExecutionSet($locationId: ID!, $input: OmsWarehouseExecutionInput!) {
  warehouseExecutionSet(locationId: $locationId, input: $input) { execution { ...WarehouseExecution } errors { field message code } }
}`, EXECUTION);

/** `15:30, 18:00` → ["15:30", "18:00"]. */
export function cutoffsOf(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

export function ExecutionSettings({ locationId, onSaved }: { locationId: string; onSaved?: () => void }) {
  const query = useQuery(WAREHOUSE_EXECUTION, { locationId });
  return (
    <Card title="Warehouse execution">
      <QueryBody {...query}>{(data) => <ExecutionForm key={locationId} locationId={locationId} execution={data.warehouseExecution} onSaved={() => { query.reload(); onSaved?.(); }} />}</QueryBody>
    </Card>
  );
}

function ExecutionForm({ locationId, execution, onSaved }: { locationId: string; execution: WarehouseExecutionFragment; onSaved: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [enabled, setEnabled] = useState(execution.enabled);
  const [strategy, setStrategy] = useState<OmsPickStrategy>(execution.strategy);
  const [cap, setCap] = useState(String(execution.waveSizeCap));
  const [totes, setTotes] = useState(String(execution.totesPerCart));
  const [interval, setIntervalText] = useState(execution.waveIntervalMinutes === null ? "" : String(execution.waveIntervalMinutes));
  const [cutoffs, setCutoffs] = useState(execution.cutoffTimes.join(", "));
  const [timeZone, setTimeZone] = useState(execution.timeZone);
  useEffect(() => setEnabled(execution.enabled), [execution.enabled]);

  const capNumber = wholeNumber(cap);
  const totesNumber = wholeNumber(totes);
  const intervalNumber = wholeNumber(interval);
  const valid = capNumber !== null && capNumber > 0 && totesNumber !== null && totesNumber > 0 && (interval.trim() === "" || (intervalNumber !== null && intervalNumber > 0));

  const save = async () => {
    const done = await mutate(
      WAREHOUSE_EXECUTION_SET,
      {
        locationId,
        input: { enabled, strategy, waveSizeCap: capNumber, totesPerCart: totesNumber, waveIntervalMinutes: intervalNumber, cutoffTimes: cutoffsOf(cutoffs), timeZone: timeZone.trim() || "UTC" },
      },
      "warehouseExecutionSet",
      `Warehouse execution ${enabled ? "on" : "off"} at ${execution.location.name}`,
    );
    if (done) onSaved();
  };

  return (
    <Box display="flex" flexDirection="column" gap={3} data-testid="execution-settings">
      <Checkbox checked={enabled} onCheckedChange={(checked) => setEnabled(checked === true)}>
        <Text>Release applied shipments to this location's pickers (off: they ship at once, as before)</Text>
      </Checkbox>
      <Box display="flex" gap={3} flexWrap="wrap" alignItems="flex-end">
        <Select label="Strategy" value={strategy} onChange={(event) => setStrategy(event.target.value as OmsPickStrategy)} options={STRATEGIES} />
        <Input label="Wave size cap" size="small" type="number" min={1} value={cap} onChange={(event) => setCap(event.target.value)} error={Boolean(errorFor(errors, "waveSizeCap"))} helperText={errorFor(errors, "waveSizeCap")} />
        <Input label="Totes per cart" size="small" type="number" min={1} value={totes} onChange={(event) => setTotes(event.target.value)} error={Boolean(errorFor(errors, "totesPerCart"))} />
        <Input label="Wave every (minutes)" size="small" type="number" min={1} value={interval} placeholder="by hand only" onChange={(event) => setIntervalText(event.target.value)} />
        <Input label="Carrier cut-offs (HH:MM)" size="small" value={cutoffs} placeholder="15:30, 18:00" onChange={(event) => setCutoffs(event.target.value)} error={Boolean(errorFor(errors, "cutoffTimes"))} />
        <Input label="Time zone" size="small" value={timeZone} onChange={(event) => setTimeZone(event.target.value)} error={Boolean(errorFor(errors, "timeZone"))} />
      </Box>
      <FieldErrors errors={errors} />
      <Box>
        <Button variant="primary" disabled={busy || !valid} onClick={save}>
          Save
        </Button>
      </Box>
    </Box>
  );
}
