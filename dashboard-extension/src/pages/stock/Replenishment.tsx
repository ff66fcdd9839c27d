/**
 * Reorder settings per stock level (`replenishmentSettingSet`, `replenishmentSettingDelete`):
 * reorder point, target level, lead time, units on order, supplier. Without one a level uses
 * the shop's defaults.
 */

import { Fragment, useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { nodes } from "../../api/client";
import { graphql } from "../../api/graphql";
import type { ReplenishmentSettingFragment } from "../../api/generated/operations";
import { useQuery } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors, wholeNumber } from "../../components/forms";
import { Card, Cell, Loading, QueryBody, Table } from "../../components/ui";
import { useFilteredLevels } from "./LevelFilter";
import type { LevelRow } from "./shared";

export const REPLENISHMENT_SETTING_FIELDS = graphql(`
fragment ReplenishmentSetting on OmsReplenishmentSetting { id variantId reorderPoint targetLevel leadTimeDays onOrder supplier notes updatedAt }`);
export const REPLENISHMENT_SETTING = graphql(`
query ReplenishmentSetting($locationId: ID!, $variantId: String!) {
  replenishmentSettings(locationId: $locationId, variantId: $variantId, first: 1) { edges { node { ...ReplenishmentSetting } } }
}`, REPLENISHMENT_SETTING_FIELDS);
export const REPLENISHMENT_SETTING_SET = graphql(`
mutation ReplenishmentSettingSet($input: OmsReplenishmentSettingInput!) {
  replenishmentSettingSet(input: $input) { setting { ...ReplenishmentSetting } errors { field message code } }
}`, REPLENISHMENT_SETTING_FIELDS);
export const REPLENISHMENT_SETTING_DELETE = graphql(`
mutation ReplenishmentSettingDelete($id: ID!) { replenishmentSettingDelete(id: $id) { deletedId errors { field message code } } }`);

type Setting = ReplenishmentSettingFragment;

export function Replenishment() {
  const [open, setOpen] = useState<string>();
  const { levels, filterBar } = useFilteredLevels();
  return (
    <Card title="Reorder settings">
      <Text as="p" color="default2" marginBottom={3}>
        When a level is at or below its reorder point it raises a low-stock alert and a purchase suggestion up to its target.
      </Text>
      {filterBar}
      <QueryBody {...levels} empty={(data) => (data.stockLevels.edges.length ? null : { title: "No stock here" })}>
        {(data) => (
          <Table head={["SKU", "Location", "On hand", "Available", ""]} testId="reorder-levels">
            {nodes(data.stockLevels).map((level) => (
              <Fragment key={level.id}>
                <tr>
                  <Cell>{level.sku || level.variantId}</Cell>
                  <Cell>{level.location.name}</Cell>
                  <Cell>{level.onHand}</Cell>
                  <Cell>{level.available}</Cell>
                  <Cell>
                    <Button size="small" variant="tertiary" onClick={() => setOpen(open === level.id ? undefined : level.id)}>
                      {open === level.id ? "Close" : "Reorder settings"}
                    </Button>
                  </Cell>
                </tr>
                {open === level.id && (
                  <tr>
                    <Cell colSpan={5}>
                      <ReorderForm level={level} />
                    </Cell>
                  </tr>
                )}
              </Fragment>
            ))}
          </Table>
        )}
      </QueryBody>
    </Card>
  );
}

/** Whether every number of a form was typed as a whole number. */
function allWhole<Key extends string>(numbers: Record<Key, number | null>): numbers is Record<Key, number> {
  return Object.values<number | null>(numbers).every((value) => value !== null);
}

type Draft = Record<"reorderPoint" | "targetLevel" | "leadTimeDays" | "onOrder" | "supplier" | "notes", string>;

function draftOf(setting: Setting | undefined): Draft {
  return {
    reorderPoint: setting ? String(setting.reorderPoint) : "",
    targetLevel: setting ? String(setting.targetLevel) : "",
    leadTimeDays: setting ? String(setting.leadTimeDays) : "0",
    onOrder: setting ? String(setting.onOrder) : "0",
    supplier: setting?.supplier ?? "",
    notes: setting?.notes ?? "",
  };
}

export function ReorderForm({ level }: { level: LevelRow }) {
  const query = useQuery(REPLENISHMENT_SETTING, { locationId: level.location.id, variantId: level.variantId });
  const setting = query.data ? nodes(query.data.replenishmentSettings)[0] : undefined;
  if (!query.data) return query.loading ? <Loading /> : null;
  return <ReorderFields key={setting?.id ?? "defaults"} level={level} setting={setting} onChanged={query.reload} />;
}

function ReorderFields({ level, setting, onChanged }: { level: LevelRow; setting: Setting | undefined; onChanged: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(setting));
  const set = (key: keyof Draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  const numbers = {
    reorderPoint: wholeNumber(draft.reorderPoint),
    targetLevel: wholeNumber(draft.targetLevel),
    leadTimeDays: wholeNumber(draft.leadTimeDays),
    onOrder: wholeNumber(draft.onOrder),
  };
  const complete = allWhole(numbers);
  const label = `${level.sku || level.variantId} at ${level.location.name}`;

  const save = async () => {
    if (!allWhole(numbers)) return;
    const done = await mutate(
      REPLENISHMENT_SETTING_SET,
      { input: { locationId: level.location.id, variantId: level.variantId, ...numbers, supplier: draft.supplier.trim(), notes: draft.notes.trim() } },
      "replenishmentSettingSet",
      `Reorder settings of ${label} saved`,
    );
    if (done) onChanged();
  };
  const useDefaults = async () => {
    if (!setting) return;
    const done = await mutate(REPLENISHMENT_SETTING_DELETE, { id: setting.id }, "replenishmentSettingDelete", `${label} uses the defaults again`);
    if (done) onChanged();
  };
  const input = (key: keyof typeof numbers, text: string, fields: string[]) => (
    <Input
      label={text}
      size="small"
      type="number"
      min={0}
      value={draft[key]}
      onChange={set(key)}
      error={Boolean(errorFor(errors, ...fields))}
      helperText={errorFor(errors, ...fields)}
    />
  );

  return (
    <Box display="flex" flexDirection="column" gap={3} data-testid="reorder-form">
      <Text size={2} color="default2">
        {setting ? "Its own settings:" : "No settings of its own: it uses the shop's defaults (if any)."}
      </Text>
      <Box display="grid" gap={3} style={{ gridTemplateColumns: "repeat(3, minmax(0, 1fr))" }}>
        {input("reorderPoint", "Reorder point", ["reorderPoint"])}
        {input("targetLevel", "Target level", ["targetLevel"])}
        {input("leadTimeDays", "Lead time (days)", ["leadTimeDays"])}
        {input("onOrder", "On order", ["onOrder"])}
        <Input label="Supplier" size="small" value={draft.supplier} onChange={set("supplier")} />
        <Input label="Notes" size="small" value={draft.notes} onChange={set("notes")} />
      </Box>
      <FieldErrors errors={errors} />
      <Box display="flex" gap={2}>
        <Button size="small" variant="primary" disabled={busy || !complete} onClick={save}>
          Save reorder settings
        </Button>
        {setting && (
          <ConfirmButton label="Use defaults" question="Delete this level's own settings?" confirmLabel="Delete" disabled={busy} onConfirm={useDefaults} />
        )}
      </Box>
    </Box>
  );
}
