/** One rule as a form: trigger, conditions, actions; dry run over past orders before saving. */

import { useState } from "react";
import { Box, Button, Input, Text, Textarea } from "@saleor/macaw-ui";

import { payloadOf } from "../../api/client";
import { TRIGGERS } from "../../api/domainEvents";
import { graphql } from "../../api/graphql";
import type { DryRunMutation } from "../../api/generated/operations";
import { useApp } from "../../app/AppContext";
import { useAction } from "../../app/hooks";
import { Select } from "../../components/ui";
import { ACTION_SPECS, fromActionJSON, newAction, toActionJSON, type ActionDraft } from "./actions";
import { ConditionBuilder } from "./ConditionBuilder";
import { fromConditionJSON, toConditionJSON, type Group } from "./conditions";
import { RULE, type Rule, type RuleField, type RuleTrigger } from "./rule";

/** The trigger choices: what the API lists, plus the rule's own should the API no longer list it. */
export function triggerOptions(triggers: RuleTrigger[], current: string) {
  const options = triggers.map((trigger) => ({ value: trigger.name, label: trigger.name }));
  if (current && !triggers.some((trigger) => trigger.name === current)) options.unshift({ value: current, label: `${current} (not listed)` });
  return options;
}

export const CREATE = graphql(`
mutation RuleCreate($input: OmsRuleInput!) { ruleCreate(input: $input) { rule { ...Rule } errors { field message code } } }`, RULE);
export const UPDATE = graphql(`
mutation RuleUpdate($id: ID!, $input: OmsRuleInput!) { ruleUpdate(id: $id, input: $input) { rule { ...Rule } errors { field message code } } }`, RULE);
export const DRY_RUN = graphql(`
mutation DryRun($input: OmsRuleInput!) {
  ruleDryRun(input: $input, limit: 500) { result { evaluated matched matches { number alreadyFired } } errors { field message code } }
}`);

type DryRun = NonNullable<DryRunMutation["ruleDryRun"]["result"]>;

export interface RuleDraft {
  name: string;
  description: string;
  trigger: string;
  priority: string;
  refire: string;
  refireHours: string;
  conditions: Group;
  actions: ActionDraft[];
}

export function draftFromRule(rule?: Pick<Rule, "name" | "description" | "trigger" | "priority" | "conditions" | "actions"> & Partial<Pick<Rule, "refire" | "refireHours">>): RuleDraft {
  return {
    name: rule?.name ?? "",
    description: rule?.description ?? "",
    trigger: rule?.trigger ?? TRIGGERS.ORDER_PAID,
    priority: String(rule?.priority ?? 100),
    refire: rule?.refire ?? "never",
    refireHours: rule?.refireHours ? String(rule.refireHours) : "",
    conditions: fromConditionJSON(rule ? JSON.parse(rule.conditions) : undefined),
    actions: rule ? (JSON.parse(rule.actions) as Record<string, unknown>[]).map(fromActionJSON) : [newAction("flag")],
  };
}

/** The `OmsRuleInput` the API takes (conditions and actions as JSON strings). */
export function ruleInput(draft: RuleDraft, fields: RuleField[]) {
  return {
    name: draft.name.trim(),
    description: draft.description,
    trigger: draft.trigger,
    priority: Number(draft.priority) || 0,
    refire: draft.refire,
    refireHours: draft.refire === "every" && draft.refireHours ? Number(draft.refireHours) : null,
    conditions: JSON.stringify(toConditionJSON(draft.conditions, fields)),
    actions: JSON.stringify(draft.actions.map(toActionJSON)),
  };
}

export function RuleEditor({
  rule,
  initial,
  fields,
  triggers,
  onSaved,
}: {
  rule?: Rule;
  initial: RuleDraft;
  fields: RuleField[];
  triggers: RuleTrigger[];
  onSaved: (rule: Rule) => void;
}) {
  const { client } = useApp();
  const { busy, run } = useAction();
  const [draft, setDraft] = useState(initial);
  const [dryRun, setDryRun] = useState<DryRun>();
  const [showJson, setShowJson] = useState(false);
  const input = ruleInput(draft, fields);

  const save = async () => {
    const saved = await run(async () => {
      if (rule) {
        const data = await client.request(UPDATE, { id: rule.id, input });
        return payloadOf(data.ruleUpdate).rule;
      }
      const data = await client.request(CREATE, { input: { ...input, enabled: true } });
      return payloadOf(data.ruleCreate).rule;
    }, rule ? "Rule saved" : `Rule “${input.name}” created`);
    if (saved) onSaved(saved);
  };

  const runDryRun = async () => {
    const result = await run(async () => {
      const data = await client.request(DRY_RUN, { input });
      return payloadOf(data.ruleDryRun).result;
    });
    if (result) setDryRun(result);
  };

  const setAction = (index: number, action: ActionDraft) =>
    setDraft({ ...draft, actions: draft.actions.map((current, position) => (position === index ? action : current)) });

  return (
    <Box display="flex" flexDirection="column" gap={5} data-testid="rule-editor">
      <Box display="grid" gap={3} style={{ gridTemplateColumns: "2fr 1fr 1fr" }}>
        <Input label="Name" value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
        <Box display="flex" flexDirection="column" gap={1}>
          <Select label="Trigger" value={draft.trigger} onChange={(event) => setDraft({ ...draft, trigger: event.target.value })} options={triggerOptions(triggers, draft.trigger)} />
          <Text size={2} color="default2" data-testid="trigger-description">
            {triggers.find((trigger) => trigger.name === draft.trigger)?.description ?? ""}
          </Text>
        </Box>
        <Input label="Priority" type="number" value={draft.priority} onChange={(event) => setDraft({ ...draft, priority: event.target.value })} />
        <Select
          label="Fires"
          value={draft.refire}
          onChange={(event) => setDraft({ ...draft, refire: event.target.value })}
          options={[
            { value: "never", label: "once per order" },
            { value: "every", label: "again after a window" },
            { value: "reentry", label: "again when the condition holds anew" },
          ]}
        />
        {draft.refire === "every" && (
          <Input label="Window (hours)" type="number" value={draft.refireHours} onChange={(event) => setDraft({ ...draft, refireHours: event.target.value })} />
        )}
      </Box>

      <Box display="flex" flexDirection="column" gap={2}>
        <Text fontWeight="bold">When</Text>
        <ConditionBuilder group={draft.conditions} fields={fields} onChange={(conditions) => setDraft({ ...draft, conditions })} />
      </Box>

      <Box display="flex" flexDirection="column" gap={2}>
        <Text fontWeight="bold">Then</Text>
        {draft.actions.map((action, index) => (
          <ActionRow key={index} index={index} action={action} onChange={(next) => setAction(index, next)} onRemove={() => setDraft({ ...draft, actions: draft.actions.filter((_, position) => position !== index) })} />
        ))}
        <Box>
          <Button variant="secondary" size="small" onClick={() => setDraft({ ...draft, actions: [...draft.actions, newAction("task")] })}>
            Add action
          </Button>
        </Box>
      </Box>

      <Box display="flex" gap={2} alignItems="center">
        <Button variant="secondary" onClick={runDryRun} disabled={busy}>
          Dry run
        </Button>
        <Button variant="primary" onClick={save} disabled={busy || !input.name}>
          {rule ? "Save rule" : "Create rule"}
        </Button>
        <Button variant="tertiary" onClick={() => setShowJson(!showJson)}>
          {showJson ? "Hide JSON" : "Show JSON"}
        </Button>
      </Box>
      {showJson && (
        <Box as="pre" padding={3} borderRadius={3} backgroundColor="default2" fontSize={2} data-testid="rule-json" style={{ overflow: "auto" }}>
          {JSON.stringify({ ...input, conditions: JSON.parse(input.conditions), actions: JSON.parse(input.actions) }, null, 2)}
        </Box>
      )}
      {dryRun && (
        <Box display="flex" flexDirection="column" gap={2} data-testid="dry-run-result" padding={3} borderRadius={3} backgroundColor="default2">
          <Text fontWeight="bold">
            Dry run: {dryRun.matched} of {dryRun.evaluated} orders would fire
          </Text>
          {dryRun.matches.length > 0 && (
            <Text size={2}>
              {dryRun.matches.map((match) => `#${match.number}${match.alreadyFired ? " (already fired)" : ""}`).join(", ")}
            </Text>
          )}
        </Box>
      )}
    </Box>
  );
}

function ActionRow({ action, index, onChange, onRemove }: { action: ActionDraft; index: number; onChange: (action: ActionDraft) => void; onRemove: () => void }) {
  const spec = ACTION_SPECS.find((candidate) => candidate.type === action.type);
  return (
    <Box display="flex" gap={2} alignItems="flex-end" flexWrap="wrap" padding={3} borderRadius={3} borderWidth={1} borderStyle="solid" borderColor="default1" data-testid={`action-${index}`}>
      <Select label="Action" value={action.type} onChange={(event) => onChange(newAction(event.target.value))} options={ACTION_SPECS.map((candidate) => ({ value: candidate.type, label: candidate.label }))} />
      {spec?.params.map((param) =>
        param.kind === "choice" ? (
          <Select
            key={param.name}
            label={param.label}
            value={action.params[param.name] ?? ""}
            onChange={(event) => onChange({ ...action, params: { ...action.params, [param.name]: event.target.value } })}
            options={(param.choices ?? []).map((value) => ({ value, label: value }))}
          />
        ) : param.kind === "long" ? (
          <Textarea
            key={param.name}
            label={param.label}
            rows={2}
            value={action.params[param.name] ?? ""}
            onChange={(event) => onChange({ ...action, params: { ...action.params, [param.name]: event.target.value } })}
          />
        ) : (
          <Input
            key={param.name}
            label={param.label}
            size="small"
            type={param.kind === "int" ? "number" : "text"}
            value={action.params[param.name] ?? ""}
            onChange={(event) => onChange({ ...action, params: { ...action.params, [param.name]: event.target.value } })}
          />
        ),
      )}
      <Button variant="tertiary" size="small" onClick={onRemove} aria-label={`Remove action ${index + 1}`}>
        ×
      </Button>
    </Box>
  );
}
