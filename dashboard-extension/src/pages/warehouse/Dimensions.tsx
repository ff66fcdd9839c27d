/**
 * What packing knows of each variant (`variantDimensions`, `variantDimensionsSet`): its size
 * (all three sides or none), its weight (empty: the weight Saleor sends), the barcode scanned
 * at picking and packing, and whether it must stay upright.
 */

import { useState } from "react";
import { Box, Button, Checkbox, Input, Text } from "@saleor/macaw-ui";

import { nodes } from "../../api/client";
import { graphql } from "../../api/graphql";
import type { VariantDimensionsFragment } from "../../api/generated/operations";
import { useQuery } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { FieldErrors, wholeNumber } from "../../components/forms";
import { Card, Cell, QueryBody, Table } from "../../components/ui";

export const VARIANT_DIMENSIONS_FIELDS = graphql(`
fragment VariantDimensions on OmsVariantDimensions { id variantId sku barcode widthMm heightMm depthMm weightG keepUpright updatedAt }`);
export const VARIANT_DIMENSIONS = graphql(`
query VariantDimensions($variantIds: [String!]) { variantDimensions(variantIds: $variantIds, first: 100) { totalCount edges { node { ...VariantDimensions } } } }`, VARIANT_DIMENSIONS_FIELDS);
export const VARIANT_DIMENSIONS_SET = graphql(`
mutation VariantDimensionsSet($input: OmsVariantDimensionsInput!) { variantDimensionsSet(input: $input) { dimensions { ...VariantDimensions } errors { field message code } } }`, VARIANT_DIMENSIONS_FIELDS);

interface Draft {
  variantId: string;
  sku: string;
  barcode: string;
  width: string;
  height: string;
  depth: string;
  weight: string;
  keepUpright: boolean;
}

const EMPTY: Draft = { variantId: "", sku: "", barcode: "", width: "", height: "", depth: "", weight: "", keepUpright: false };
const text = (value: number | null) => (value === null ? "" : String(value));

/** The three sides (all or none) and the weight of a draft, or the first problem. */
export function measuresOf(draft: Draft): { widthMm: number | null; heightMm: number | null; depthMm: number | null; weightG: number | null } | { problem: string } {
  const sides = [draft.width, draft.height, draft.depth];
  const given = sides.filter((side) => side.trim() !== "").length;
  if (given !== 0 && given !== 3) return { problem: "Give all three sides, or none." };
  const [widthMm, heightMm, depthMm] = sides.map(wholeNumber);
  if (given === 3 && [widthMm, heightMm, depthMm].some((side) => side === null || side <= 0)) return { problem: "Sides are whole millimetres above 0." };
  const weightG = wholeNumber(draft.weight);
  if (draft.weight.trim() !== "" && (weightG === null || weightG <= 0)) return { problem: "The weight is whole grams above 0." };
  return { widthMm, heightMm, depthMm, weightG };
}

export function VariantDimensionsEditor() {
  const [filter, setFilter] = useState("");
  const ids = filter.split(/[,\s]+/).map((item) => item.trim()).filter(Boolean);
  const query = useQuery(VARIANT_DIMENSIONS, { variantIds: ids.length ? ids : null });
  const { busy, errors, mutate } = useMutation();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const measures = measuresOf(draft);
  const set = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value });

  const save = async () => {
    if ("problem" in measures) return;
    const input = { variantId: draft.variantId.trim(), sku: draft.sku.trim(), barcode: draft.barcode.trim(), keepUpright: draft.keepUpright, ...measures };
    if (await mutate(VARIANT_DIMENSIONS_SET, { input }, "variantDimensionsSet", `Dimensions of ${input.sku || input.variantId} saved`)) {
      setDraft(EMPTY);
      query.reload();
    }
  };
  const edit = (item: VariantDimensionsFragment) =>
    setDraft({ variantId: item.variantId, sku: item.sku, barcode: item.barcode, width: text(item.widthMm), height: text(item.heightMm), depth: text(item.depthMm), weight: text(item.weightG), keepUpright: item.keepUpright });

  return (
    <Card title={`Variant dimensions${query.data ? ` (${query.data.variantDimensions.totalCount})` : ""}`}>
      <Box marginBottom={3}>
        <Input label="Variant IDs (comma separated)" size="small" value={filter} onChange={(event) => setFilter(event.target.value)} />
      </Box>
      <QueryBody {...query} empty={(data) => (data.variantDimensions.edges.length ? null : { title: "No dimensions yet", text: "Sizes come from Saleor's attributes or metadata, or are set here." })}>
        {(data) => (
          <Table head={["SKU", "Barcode", "W × H × D (mm)", "Weight", "Upright", ""]} testId="variant-dimensions">
            {nodes(data.variantDimensions).map((item) => (
              <tr key={item.id} data-testid={`dimensions-${item.sku || item.variantId}`}>
                <Cell>{item.sku || item.variantId}</Cell>
                <Cell>{item.barcode || "—"}</Cell>
                <Cell>{item.widthMm === null ? "—" : `${item.widthMm} × ${item.heightMm} × ${item.depthMm}`}</Cell>
                <Cell>{item.weightG === null ? "from Saleor" : `${item.weightG} g`}</Cell>
                <Cell>{item.keepUpright ? "yes" : "no"}</Cell>
                <Cell>
                  <Button size="small" variant="tertiary" onClick={() => edit(item)}>
                    Edit
                  </Button>
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </QueryBody>
      <Box display="flex" gap={3} alignItems="flex-end" flexWrap="wrap" marginTop={4} data-testid="dimensions-form">
        <Input label="Variant ID" size="small" value={draft.variantId} onChange={set("variantId")} error={Boolean(errorFor(errors, "variantId"))} />
        <Input label="SKU" size="small" value={draft.sku} onChange={set("sku")} />
        <Input label="Barcode" size="small" value={draft.barcode} onChange={set("barcode")} error={Boolean(errorFor(errors, "barcode"))} />
        <Input label="Width (mm)" size="small" type="number" value={draft.width} onChange={set("width")} />
        <Input label="Height (mm)" size="small" type="number" value={draft.height} onChange={set("height")} />
        <Input label="Depth (mm)" size="small" type="number" value={draft.depth} onChange={set("depth")} />
        <Input label="Weight (g)" size="small" type="number" value={draft.weight} onChange={set("weight")} placeholder="from Saleor" />
        <Checkbox checked={draft.keepUpright} onCheckedChange={(checked) => setDraft({ ...draft, keepUpright: checked === true })}>
          <Text size={2}>Keep upright</Text>
        </Checkbox>
        <Button variant="secondary" disabled={busy || !draft.variantId.trim() || "problem" in measures} onClick={save}>
          Save dimensions
        </Button>
      </Box>
      {"problem" in measures && (
        <Text color="critical1" size={2} role="alert">
          {measures.problem}
        </Text>
      )}
      <FieldErrors errors={errors} />
    </Card>
  );
}
