/**
 * Return policies per channel: returns are refused in a channel until it (or the default) has
 * one. An editor over `returnPolicies` / `returnPolicySet`; a save replaces the channel's whole
 * policy, so every field (including those not shown, such as final-sale lists) is sent back.
 */

import { useState } from "react";
import { Box, Button, Checkbox, Input, Text } from "@saleor/macaw-ui";

import { payloadOf } from "../../api/client";
import { graphql } from "../../api/graphql";
import type { OmsReturnResolution, ReturnPolicyFragment } from "../../api/generated/operations";
import { useApp } from "../../app/AppContext";
import { useAction, useQuery } from "../../app/hooks";
import { Card, Cell, QueryBody, Select, Table } from "../../components/ui";

export const RETURN_POLICY = graphql(`
fragment ReturnPolicy on OmsReturnPolicy {
  channel windowDays finalSaleProductTypes finalSaleSkus reasons resolutions restockingFeePercent returnShippingFee
  autoApproveMaxValue autoApproveReasons instructions returnLocationId
}`);
export const RETURN_POLICIES = graphql(`query ReturnPolicies { returnPolicies { ...ReturnPolicy } }`, RETURN_POLICY);
export const POLICY_CHANNELS = graphql(`query PolicyChannels { inventoryChannels { slug name saleorId } }`);
export const SET_POLICY = graphql(`
mutation ReturnPolicySet($input: OmsReturnPolicyInput!) { returnPolicySet(input: $input) { policy { ...ReturnPolicy } errors { field message code } } }`, RETURN_POLICY);

const RESOLUTIONS: OmsReturnResolution[] = ["REFUND", "EXCHANGE", "STORE_CREDIT"];
const DEFAULT_KEY = "";

export type ReturnPolicy = ReturnPolicyFragment;

const NEW_POLICY: Omit<ReturnPolicy, "channel"> = {
  windowDays: 30,
  finalSaleProductTypes: [],
  finalSaleSkus: [],
  reasons: ["Wrong size", "Damaged", "Changed my mind"],
  resolutions: ["REFUND"],
  restockingFeePercent: 0,
  returnShippingFee: 0,
  autoApproveMaxValue: null,
  autoApproveReasons: [],
  instructions: "",
  returnLocationId: null,
};

const list = (text: string) => text.split(",").map((item) => item.trim()).filter(Boolean);

/** What `returnPolicySet` is sent for a policy: every field, decimals as strings. */
export function policyInput(policy: ReturnPolicy) {
  return {
    ...policy,
    channel: policy.channel || null,
    restockingFeePercent: String(policy.restockingFeePercent),
    returnShippingFee: String(policy.returnShippingFee),
    autoApproveMaxValue: policy.autoApproveMaxValue === null ? null : String(policy.autoApproveMaxValue),
  };
}

export function ReturnPolicies() {
  // Policies need MANAGE_ORDERS: without it the card says so instead of raising an alarm.
  const policies = useQuery(RETURN_POLICIES, {}, { quiet: true });
  // Channels need MANAGE_PRODUCTS or MANAGE_ORDERS, as policies do; quiet all the same.
  const channels = useQuery(POLICY_CHANNELS, {}, { quiet: true });
  const [selected, setSelected] = useState(DEFAULT_KEY);

  return (
    <Box id="returns" data-testid="settings-returns">
      <Card title="Return policies">
        <Text as="p" color="default2" marginBottom={4}>
          Returns are refused in a channel until it has a policy of its own or the default covers it.
        </Text>
        <QueryBody {...policies}>
          {(data) => {
            const byChannel = new Map(data.returnPolicies.map((policy) => [policy.channel ?? DEFAULT_KEY, policy]));
            const slugs = new Set([...(channels.data?.inventoryChannels ?? []).filter((channel) => channel.saleorId).map((channel) => channel.slug), ...[...byChannel.keys()].filter(Boolean)]);
            const options = [{ value: DEFAULT_KEY, label: "Default (channels without their own)" }, ...[...slugs].sort().map((slug) => ({ value: slug, label: slug }))];
            const current = byChannel.get(selected);
            return (
              <Box display="flex" flexDirection="column" gap={4}>
                <Table head={["Channel", "Window", "Resolutions", "Reasons"]} testId="return-policies">
                  {options.map((option) => {
                    const policy = byChannel.get(option.value);
                    return (
                      <tr key={option.value} data-testid={`policy-${option.value || "default"}`}>
                        <Cell>{option.label}</Cell>
                        <Cell>{policy ? `${policy.windowDays} days` : "no policy"}</Cell>
                        <Cell>{policy ? policy.resolutions.map((item) => item.toLowerCase().replace("_", " ")).join(", ") : "—"}</Cell>
                        <Cell>{policy ? policy.reasons.join(", ") : option.value ? "returns use the default" : "returns refused without a channel policy"}</Cell>
                      </tr>
                    );
                  })}
                </Table>
                <Select label="Edit the policy of" value={selected} onChange={(event) => setSelected(event.target.value)} options={options} />
                <PolicyForm
                  key={selected}
                  initial={current ?? { ...NEW_POLICY, channel: selected || null }}
                  exists={Boolean(current)}
                  onSaved={policies.reload}
                />
              </Box>
            );
          }}
        </QueryBody>
      </Card>
    </Box>
  );
}

export function PolicyForm({ initial, exists, onSaved }: { initial: ReturnPolicy; exists: boolean; onSaved: () => void }) {
  const { client } = useApp();
  const { busy, run } = useAction();
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof ReturnPolicy>(key: K, value: ReturnPolicy[K]) => setDraft({ ...draft, [key]: value });
  const save = () =>
    run(async () => {
      const data = await client.request(SET_POLICY, { input: policyInput(draft) });
      setErrors(Object.fromEntries(data.returnPolicySet.errors.map((error) => [error.field ?? "", error.message])));
      payloadOf(data.returnPolicySet);
      onSaved();
    }, "Return policy saved");
  const error = (field: string) =>
    errors[field] && (
      <Text size={2} color="critical1" data-testid={`policy-error-${field}`}>
        {errors[field]}
      </Text>
    );

  return (
    <Box display="grid" gap={3} style={{ gridTemplateColumns: "repeat(auto-fill, minmax(240px, 1fr))" }} data-testid="policy-form">
      <Box>
        <Input label="Return window (days)" type="number" value={String(draft.windowDays)} onChange={(e) => set("windowDays", Number(e.target.value))} />
        {error("windowDays")}
      </Box>
      <Box>
        <Input label="Reasons (comma separated)" value={draft.reasons.join(", ")} onChange={(e) => set("reasons", list(e.target.value))} />
        {error("reasons")}
      </Box>
      <Box>
        <Input label="Restocking fee (%)" type="number" value={String(draft.restockingFeePercent)} onChange={(e) => set("restockingFeePercent", Number(e.target.value))} />
        {error("restockingFeePercent")}
      </Box>
      <Box>
        <Input label="Return shipping fee" type="number" value={String(draft.returnShippingFee)} onChange={(e) => set("returnShippingFee", Number(e.target.value))} />
        {error("returnShippingFee")}
      </Box>
      <Box>
        <Input
          label="Auto-approve up to (value)"
          type="number"
          value={draft.autoApproveMaxValue === null ? "" : String(draft.autoApproveMaxValue)}
          onChange={(e) => set("autoApproveMaxValue", e.target.value.trim() === "" ? null : Number(e.target.value))}
        />
        <Text size={2} color="default2">
          Empty: no value limit. With no limit and no auto-approve reasons every request waits for staff.
        </Text>
        {error("autoApproveMaxValue")}
      </Box>
      <Box>
        <Input label="Auto-approve reasons (comma separated)" value={draft.autoApproveReasons.join(", ")} onChange={(e) => set("autoApproveReasons", list(e.target.value))} />
        {error("autoApproveReasons")}
      </Box>
      <Box>
        <Input label="Instructions on the label" value={draft.instructions} onChange={(e) => set("instructions", e.target.value)} />
        {error("instructions")}
      </Box>
      <Box display="flex" flexDirection="column" gap={1}>
        <Text size={2} color="default2">
          Resolutions offered
        </Text>
        {RESOLUTIONS.map((resolution) => (
          <Checkbox
            key={resolution}
            checked={draft.resolutions.includes(resolution)}
            onCheckedChange={(checked) => set("resolutions", checked === true ? [...draft.resolutions, resolution] : draft.resolutions.filter((item) => item !== resolution))}
          >
            <Text size={2}>{resolution.toLowerCase().replace("_", " ")}</Text>
          </Checkbox>
        ))}
        {error("resolutions")}
      </Box>
      <Box>
        <Button variant="primary" disabled={busy} onClick={save}>
          {exists ? "Save policy" : "Create policy"}
        </Button>
      </Box>
    </Box>
  );
}
