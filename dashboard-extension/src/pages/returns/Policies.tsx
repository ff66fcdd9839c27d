/** Return policies per channel (or the shop's default): window, reasons, fees, auto-approval (`returnPolicySet`). */

import { useState } from "react";
import { Box, Button, Checkbox, Input, Text } from "@saleor/macaw-ui";

import { nodes } from "../../api/client";
import type { Connection, Payload } from "../../api/types";
import { useQuery } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { FieldErrors } from "../../components/forms";
import { Card, Cell, QueryBody, Select, Table, money } from "../../components/ui";

const POLICY_FIELDS =
  "channel windowDays finalSaleProductTypes finalSaleSkus reasons resolutions restockingFeePercent returnShippingFee autoApproveMaxValue autoApproveReasons instructions returnLocationId";
export const RETURN_POLICIES = `query ReturnPolicies { returnPolicies { ${POLICY_FIELDS} } }`;
// Choices for the form: optional (channels fall back to typing nothing, i.e. the default).
export const POLICY_CHOICES = `query PolicyChoices { inventoryChannels { slug name } locations(first: 100) { edges { node { id name } } } }`;
export const RETURN_POLICY_SET = `
mutation ReturnPolicySet($input: OmsReturnPolicyInput!) { returnPolicySet(input: $input) { policy { ${POLICY_FIELDS} } errors { field message code } } }`;

const RESOLUTIONS = ["REFUND", "EXCHANGE", "STORE_CREDIT"] as const;

export interface ReturnPolicy {
  channel: string | null;
  windowDays: number;
  finalSaleProductTypes: string[];
  finalSaleSkus: string[];
  reasons: string[];
  resolutions: string[];
  restockingFeePercent: number;
  returnShippingFee: number;
  autoApproveMaxValue: number | null;
  autoApproveReasons: string[];
  instructions: string;
  returnLocationId: string | null;
}

const list = (value: string) => value.split(",").map((item) => item.trim()).filter(Boolean);

export function ReturnPolicies() {
  const query = useQuery<{ returnPolicies: ReturnPolicy[] }>(RETURN_POLICIES);
  const choices = useQuery<{ inventoryChannels: { slug: string; name: string }[]; locations: Connection<{ id: string; name: string }> }>(POLICY_CHOICES, {}, { quiet: true });
  const [editing, setEditing] = useState<{ policy: ReturnPolicy | null; nonce: number }>();
  return (
    <Card title="Return policies" actions={<Button variant="secondary" onClick={() => setEditing({ policy: null, nonce: Date.now() })}>New policy</Button>}>
      <QueryBody {...query}>
        {(data) => (
          <Box display="flex" flexDirection="column" gap={4}>
            {data.returnPolicies.length === 0 ? (
              <Text color="default2">No policy yet: returns are refused (NO_POLICY) until one exists.</Text>
            ) : (
              <Table head={["Channel", "Window", "Reasons", "Resolutions", "Fees", "Auto-approve", ""]} testId="return-policies">
                {data.returnPolicies.map((policy) => (
                  <tr key={policy.channel ?? ""} data-testid={`policy-${policy.channel ?? "default"}`}>
                    <Cell>{policy.channel ?? "default"}</Cell>
                    <Cell>{policy.windowDays} days</Cell>
                    <Cell>{policy.reasons.join(", ")}</Cell>
                    <Cell>{policy.resolutions.map((item) => item.toLowerCase().replace("_", " ")).join(", ")}</Cell>
                    <Cell>{`${policy.restockingFeePercent}% · ${money(policy.returnShippingFee)}`}</Cell>
                    <Cell>{policy.autoApproveMaxValue === null ? "—" : `≤ ${money(policy.autoApproveMaxValue)}`}</Cell>
                    <Cell>
                      <Button size="small" variant="tertiary" onClick={() => setEditing({ policy, nonce: Date.now() })}>
                        Edit
                      </Button>
                    </Cell>
                  </tr>
                ))}
              </Table>
            )}
            {editing && (
              <PolicyForm
                key={editing.nonce}
                policy={editing.policy}
                channels={choices.data?.inventoryChannels ?? []}
                locations={choices.data ? nodes(choices.data.locations) : []}
                onSaved={() => {
                  setEditing(undefined);
                  query.reload();
                }}
              />
            )}
          </Box>
        )}
      </QueryBody>
    </Card>
  );
}

function PolicyForm({
  policy,
  channels,
  locations,
  onSaved,
}: {
  policy: ReturnPolicy | null;
  channels: { slug: string; name: string }[];
  locations: { id: string; name: string }[];
  onSaved: () => void;
}) {
  const { busy, errors, mutate } = useMutation();
  const [draft, setDraft] = useState({
    channel: policy?.channel ?? "",
    windowDays: String(policy?.windowDays ?? 30),
    reasons: (policy?.reasons ?? ["wrong size", "damaged", "not as described"]).join(", "),
    resolutions: policy?.resolutions ?? ["REFUND"],
    restockingFeePercent: String(policy?.restockingFeePercent ?? 0),
    returnShippingFee: String(policy?.returnShippingFee ?? 0),
    autoApproveMaxValue: policy?.autoApproveMaxValue === null || policy?.autoApproveMaxValue === undefined ? "" : String(policy.autoApproveMaxValue),
    autoApproveReasons: (policy?.autoApproveReasons ?? []).join(", "),
    finalSaleSkus: (policy?.finalSaleSkus ?? []).join(", "),
    finalSaleProductTypes: (policy?.finalSaleProductTypes ?? []).join(", "),
    instructions: policy?.instructions ?? "",
    returnLocationId: policy?.returnLocationId ?? "",
  });
  const text = (key: Exclude<keyof typeof draft, "resolutions">, label: string, field: string, type: "text" | "number" = "text") => (
    <Input
      label={label}
      size="small"
      type={type}
      value={draft[key]}
      onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
      error={Boolean(errorFor(errors, field))}
      helperText={errorFor(errors, field)}
    />
  );
  const save = async () => {
    const input = {
      channel: draft.channel || null,
      windowDays: Number(draft.windowDays),
      reasons: list(draft.reasons),
      resolutions: draft.resolutions,
      restockingFeePercent: draft.restockingFeePercent.trim() || "0",
      returnShippingFee: draft.returnShippingFee.trim() || "0",
      autoApproveMaxValue: draft.autoApproveMaxValue.trim() || null,
      autoApproveReasons: list(draft.autoApproveReasons),
      finalSaleSkus: list(draft.finalSaleSkus),
      finalSaleProductTypes: list(draft.finalSaleProductTypes),
      instructions: draft.instructions,
      returnLocationId: draft.returnLocationId || null,
    };
    const done = await mutate<Payload>(RETURN_POLICY_SET, { input }, "returnPolicySet", `Return policy for ${draft.channel || "the default"} saved`);
    if (done) onSaved();
  };
  return (
    <Box display="flex" flexDirection="column" gap={3} data-testid="policy-form">
      <Box display="grid" gap={3} style={{ gridTemplateColumns: "repeat(3, minmax(0, 1fr))" }}>
        <Select
          label="Channel"
          value={draft.channel}
          disabled={policy !== null}
          onChange={(event) => setDraft({ ...draft, channel: event.target.value })}
          options={[{ value: "", label: "default (every channel without its own)" }, ...channels.map((channel) => ({ value: channel.slug, label: channel.name || channel.slug }))]}
        />
        {text("windowDays", "Window (days)", "windowDays", "number")}
        {text("reasons", "Reasons (comma separated)", "reasons")}
        {text("restockingFeePercent", "Restocking fee (%)", "restockingFeePercent", "number")}
        {text("returnShippingFee", "Return shipping fee", "returnShippingFee", "number")}
        {text("autoApproveMaxValue", "Auto-approve up to (empty: never)", "autoApproveMaxValue", "number")}
        {text("autoApproveReasons", "Auto-approve reasons", "autoApproveReasons")}
        {text("finalSaleSkus", "Final-sale SKUs", "finalSaleSkus")}
        {text("finalSaleProductTypes", "Final-sale product types", "finalSaleProductTypes")}
        {text("instructions", "Label instructions", "instructions")}
        <Select
          label="Return location"
          value={draft.returnLocationId}
          onChange={(event) => setDraft({ ...draft, returnLocationId: event.target.value })}
          options={[{ value: "", label: "where the order shipped from" }, ...locations.map((location) => ({ value: location.id, label: location.name }))]}
        />
      </Box>
      <Box display="flex" gap={3}>
        {RESOLUTIONS.map((resolution) => (
          <Checkbox
            key={resolution}
            checked={draft.resolutions.includes(resolution)}
            onCheckedChange={(checked) =>
              setDraft({ ...draft, resolutions: checked === true ? [...draft.resolutions, resolution] : draft.resolutions.filter((item) => item !== resolution) })
            }
          >
            <Text size={2}>{resolution.toLowerCase().replace("_", " ")}</Text>
          </Checkbox>
        ))}
      </Box>
      <FieldErrors errors={errors} />
      <Box>
        <Button variant="primary" disabled={busy || !draft.windowDays.trim()} onClick={save}>
          Save policy
        </Button>
      </Box>
    </Box>
  );
}
