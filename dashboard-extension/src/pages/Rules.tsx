/** Trigger rules: the list (enable, edit), a form builder with dry run, templates, the firing log. */

import { useState } from "react";
import { Box, Button, Text, Toggle } from "@saleor/macaw-ui";

import { nodes, payloadOf } from "../api/client";
import { TRIGGERS } from "../api/domainEvents";
import { graphql } from "../api/graphql";
import type { RulesQuery } from "../api/generated/operations";
import { useApp } from "../app/AppContext";
import { useAction, useQuery } from "../app/hooks";
import { Card, Cell, PageHeader, QueryBody, Select, StatusChip, Table, formatDate } from "../components/ui";
import { RuleEditor, draftFromRule } from "./rules/RuleEditor";
import { RuleDeleteButton, RuleImportExport } from "./rules/ImportExport";
import { RULE, RULE_FIELD, RULE_TRIGGER, type Rule } from "./rules/rule";

export const RULES = graphql(`
query Rules {
  rules(first: 100) { totalCount edges { node { ...Rule } } }
  ruleFields { ...RuleField }
  ruleTriggers { ...RuleTrigger }
  ruleTemplates { key name description definition }
}`, RULE, RULE_FIELD, RULE_TRIGGER);
export const FIRINGS = graphql(`
query Firings { ruleFirings(first: 25) { edges { node { id firedAt ruleVersion trigger rule { name } order { number } actionRuns { type state attempts lastError } } } } }`);
export const SET_ENABLED = graphql(`mutation Enable($id: ID!, $enabled: Boolean!) { ruleSetEnabled(id: $id, enabled: $enabled) { rule { id enabled } errors { field message code } } }`);

type Template = RulesQuery["ruleTemplates"][number];

type Editing = { kind: "new"; template?: Template; nonce: number } | { kind: "rule"; id: string } | null;

export function RulesPage() {
  const { client } = useApp();
  const { run } = useAction();
  const query = useQuery(RULES);
  const firings = useQuery(FIRINGS);
  const [editing, setEditing] = useState<Editing>(null);
  const rules = query.data ? nodes(query.data.rules) : [];
  const editedRule = editing?.kind === "rule" ? rules.find((rule) => rule.id === editing.id) : undefined;

  const toggle = (rule: Rule) =>
    run(async () => {
      const data = await client.request(SET_ENABLED, { id: rule.id, enabled: !rule.enabled });
      payloadOf(data.ruleSetEnabled);
      query.reload();
    }, `${rule.name} ${rule.enabled ? "disabled" : "enabled"}`);

  return (
    <>
      <PageHeader title="Rules">
        {query.data && query.data.ruleTemplates.length > 0 && (
          <Select
            label="From a template"
            value=""
            onChange={(event) => {
              const template = query.data?.ruleTemplates.find((candidate) => candidate.key === event.target.value);
              if (template) setEditing({ kind: "new", template, nonce: Date.now() });
            }}
            options={[{ value: "", label: "Choose…" }, ...query.data.ruleTemplates.map((template) => ({ value: template.key, label: template.name }))]}
          />
        )}
        <Button variant="primary" onClick={() => setEditing({ kind: "new", nonce: Date.now() })}>
          New rule
        </Button>
      </PageHeader>
      <QueryBody {...query}>
        {(data) => (
          <>
            {editing && (editing.kind === "new" || editedRule) && (
              <Card title={editedRule ? `Edit ${editedRule.name} (v${editedRule.version})` : editing.kind === "new" && editing.template ? `New rule from “${editing.template.name}”` : "New rule"}
                actions={<Button variant="tertiary" onClick={() => setEditing(null)}>Close</Button>}>
                <RuleEditor
                  key={editing.kind === "rule" ? editing.id : editing.nonce}
                  rule={editedRule}
                  fields={data.ruleFields}
                  triggers={data.ruleTriggers}
                  initial={
                    editedRule
                      ? draftFromRule(editedRule)
                      : editing.kind === "new" && editing.template
                        ? draftFromRule(templateRule(editing.template))
                        : draftFromRule()
                  }
                  onSaved={(saved) => {
                    setEditing({ kind: "rule", id: saved.id });
                    query.reload();
                    firings.reload();
                  }}
                />
              </Card>
            )}
            <Card title={`Rules (${data.rules.totalCount})`}>
              {rules.length === 0 ? (
                <Text color="default2">No rules yet: start from a template or a new rule.</Text>
              ) : (
                <Table head={["On", "Name", "Trigger", "Priority", "Version", ""]} testId="rules-table">
                  {rules.map((rule) => (
                    <tr key={rule.id} data-testid={`rule-row-${rule.name}`}>
                      <Cell>
                        <Toggle pressed={rule.enabled} onPressedChange={() => toggle(rule)} aria-label={`Enable ${rule.name}`} />
                      </Cell>
                      <Cell>
                        <Text size={3} fontWeight="bold">{rule.name}</Text>
                      </Cell>
                      <Cell>{rule.trigger}</Cell>
                      <Cell>{rule.priority}</Cell>
                      <Cell>v{rule.version}</Cell>
                      <Cell>
                        <Box display="flex" gap={1}>
                          <Button variant="tertiary" size="small" onClick={() => setEditing({ kind: "rule", id: rule.id })}>
                            Edit
                          </Button>
                          <RuleDeleteButton
                            rule={rule}
                            onDeleted={() => {
                              if (editing?.kind === "rule" && editing.id === rule.id) setEditing(null);
                              query.reload();
                            }}
                          />
                        </Box>
                      </Cell>
                    </tr>
                  ))}
                </Table>
              )}
            </Card>
          </>
        )}
      </QueryBody>
      <RuleImportExport onImported={query.reload} />
      <Card title="Firing log" actions={<Button variant="tertiary" onClick={firings.reload}>Refresh</Button>}>
        <QueryBody {...firings} empty={(data) => (data.ruleFirings.edges.length ? null : { title: "Nothing has fired yet" })}>
          {(data) => (
            <Table head={["Fired", "Rule", "Order", "Trigger", "Actions"]} testId="firings-table">
              {nodes(data.ruleFirings).map((firing) => (
                <tr key={firing.id}>
                  <Cell>{formatDate(firing.firedAt)}</Cell>
                  <Cell>{firing.rule ? `${firing.rule.name} v${firing.ruleVersion}` : "(deleted)"}</Cell>
                  <Cell>{firing.order ? `#${firing.order.number}` : "—"}</Cell>
                  <Cell>{firing.trigger}</Cell>
                  <Cell>
                    <Box display="flex" gap={1} flexWrap="wrap">
                      {firing.actionRuns.map((actionRun, index) => (
                        <Box key={index} title={actionRun.lastError || undefined}>
                          <StatusChip status={`${actionRun.type} ${actionRun.state}`} />
                        </Box>
                      ))}
                    </Box>
                  </Cell>
                </tr>
              ))}
            </Table>
          )}
        </QueryBody>
      </Card>
    </>
  );
}

function templateRule(template: Template) {
  const definition = JSON.parse(template.definition) as Record<string, unknown>;
  return {
    name: String(definition.name ?? template.name),
    description: String(definition.description ?? template.description),
    trigger: String(definition.trigger ?? TRIGGERS.ORDER_PAID),
    priority: Number(definition.priority ?? 100),
    conditions: JSON.stringify(definition.conditions ?? { all: [] }),
    actions: JSON.stringify(definition.actions ?? []),
    refire: typeof definition.refire === "string" ? definition.refire : undefined,
    refireHours: typeof definition.refire_hours === "number" ? definition.refire_hours : null,
  };
}
