/**
 * The box catalogue of a location (`boxTypeSave`, `boxTypeDelete`): inner dimensions, the most
 * contents it carries, its cost; the pack station suggests from the active ones.
 */

import { useState } from "react";
import { Box, Button, Checkbox, Input, Text } from "@saleor/macaw-ui";

import { graphql } from "../../api/graphql";
import type { BoxTypeFragment } from "../../api/generated/operations";
import { useQuery } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors, wholeNumber } from "../../components/forms";
import { Card, Cell, QueryBody, Table, money } from "../../components/ui";
import { WAREHOUSE_LAYOUT } from "./Layout";

export const BOX_TYPE_SAVE = graphql(`
mutation BoxTypeSave($input: OmsBoxTypeInput!) { boxTypeSave(input: $input) { boxType { id code } errors { field message code } } }`);
export const BOX_TYPE_DELETE = graphql(`
mutation BoxTypeDelete($id: ID!) { boxTypeDelete(id: $id) { deletedId errors { field message code } } }`);

interface Draft {
  code: string;
  name: string;
  width: string;
  height: string;
  depth: string;
  maxWeight: string;
  cost: string;
  currency: string;
  isActive: boolean;
}

const EMPTY: Draft = { code: "", name: "", width: "", height: "", depth: "", maxWeight: "", cost: "0", currency: "", isActive: true };

const draftOf = (box: BoxTypeFragment): Draft => ({
  code: box.code,
  name: box.name,
  width: String(box.innerWidthMm),
  height: String(box.innerHeightMm),
  depth: String(box.innerDepthMm),
  maxWeight: String(box.maxWeightG),
  cost: box.cost,
  currency: box.currency,
  isActive: box.isActive,
});

export function BoxCatalogue({ locationId }: { locationId: string }) {
  const query = useQuery(WAREHOUSE_LAYOUT, { locationId });
  const { busy, errors, mutate } = useMutation();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const sizes = [draft.width, draft.height, draft.depth, draft.maxWeight].map(wholeNumber);
  const valid = draft.code.trim() !== "" && sizes.every((value) => value !== null && value > 0) && draft.cost.trim() !== "" && Number.isFinite(Number(draft.cost));
  const set = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value });

  const save = async () => {
    const [innerWidthMm, innerHeightMm, innerDepthMm, maxWeightG] = sizes as number[];
    const input = { locationId, code: draft.code.trim(), name: draft.name.trim(), innerWidthMm, innerHeightMm, innerDepthMm, maxWeightG, cost: draft.cost.trim(), currency: draft.currency.trim().toUpperCase(), isActive: draft.isActive };
    if (await mutate(BOX_TYPE_SAVE, { input }, "boxTypeSave", `Box ${input.code} saved`)) {
      setDraft(EMPTY);
      query.reload();
    }
  };
  const remove = async (box: BoxTypeFragment) => {
    if (await mutate(BOX_TYPE_DELETE, { id: box.id }, "boxTypeDelete", `Box ${box.code} removed`)) query.reload();
  };

  return (
    <Card title="Box catalogue">
      <QueryBody {...query} empty={(data) => (data.warehouseLayout.boxTypes.length ? null : { title: "No boxes yet", text: "The pack station suggests from the boxes listed here." })}>
        {(data) => (
          <Table head={["Code", "Name", "Inside (W × H × D mm)", "Max contents", "Cost", "Active", ""]} testId="box-types">
            {data.warehouseLayout.boxTypes.map((box) => (
              <tr key={box.id} data-testid={`box-${box.code}`}>
                <Cell>{box.code}</Cell>
                <Cell>{box.name || "—"}</Cell>
                <Cell>
                  {box.innerWidthMm} × {box.innerHeightMm} × {box.innerDepthMm}
                </Cell>
                <Cell>{box.maxWeightG} g</Cell>
                <Cell>{money(box.cost, box.currency)}</Cell>
                <Cell>{box.isActive ? "yes" : "no"}</Cell>
                <Cell>
                  <Box display="flex" gap={1}>
                    <Button size="small" variant="tertiary" onClick={() => setDraft(draftOf(box))}>
                      Edit
                    </Button>
                    <ConfirmButton label="Remove" question={`Remove box ${box.code}?`} confirmLabel="Remove box" disabled={busy} onConfirm={() => remove(box)} />
                  </Box>
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </QueryBody>
      <Box display="flex" gap={3} alignItems="flex-end" flexWrap="wrap" marginTop={4} data-testid="box-form">
        <Input label="Box code" size="small" value={draft.code} onChange={set("code")} error={Boolean(errorFor(errors, "code"))} />
        <Input label="Name" size="small" value={draft.name} onChange={set("name")} />
        <Input label="Width (mm)" size="small" type="number" min={1} value={draft.width} onChange={set("width")} error={Boolean(errorFor(errors, "innerWidthMm"))} />
        <Input label="Height (mm)" size="small" type="number" min={1} value={draft.height} onChange={set("height")} error={Boolean(errorFor(errors, "innerHeightMm"))} />
        <Input label="Depth (mm)" size="small" type="number" min={1} value={draft.depth} onChange={set("depth")} error={Boolean(errorFor(errors, "innerDepthMm"))} />
        <Input label="Max contents (g)" size="small" type="number" min={1} value={draft.maxWeight} onChange={set("maxWeight")} error={Boolean(errorFor(errors, "maxWeightG"))} />
        <Input label="Cost" size="small" value={draft.cost} onChange={set("cost")} error={Boolean(errorFor(errors, "cost"))} />
        <Input label="Currency" size="small" value={draft.currency} onChange={set("currency")} />
        <Checkbox checked={draft.isActive} onCheckedChange={(checked) => setDraft({ ...draft, isActive: checked === true })}>
          <Text size={2}>Active</Text>
        </Checkbox>
        <Button variant="secondary" disabled={busy || !valid} onClick={save}>
          Save box
        </Button>
      </Box>
      <FieldErrors errors={errors} />
    </Card>
  );
}
