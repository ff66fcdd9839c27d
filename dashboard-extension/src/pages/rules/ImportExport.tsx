/**
 * Rule sets as documents (the `saleor-oms rules export|import` format): export this shop's
 * rules as a JSON file, import a pasted or uploaded one (`ruleImport`, checked first with
 * `dryRun`), and delete a rule (`ruleDelete`).
 */

import { useState } from "react";
import { Box, Button, Text } from "@saleor/macaw-ui";

import { nodes } from "../../api/client";
import { graphql } from "../../api/graphql";
import type { RuleImportMutation } from "../../api/generated/operations";
import { useApp } from "../../app/AppContext";
import { useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors, TextArea } from "../../components/forms";
import { Card } from "../../components/ui";
import { RULE, type Rule } from "./rule";

export const RULES_FOR_EXPORT = graphql(`
query RulesForExport { rules(first: 100) { edges { node { ...Rule } } } }`, RULE);
export const RULE_IMPORT = graphql(`
mutation RuleImport($document: JSONString!, $dryRun: Boolean) {
  ruleImport(document: $document, dryRun: $dryRun) { created updated unchanged errors { field message code } }
}`);
export const RULE_DELETE = graphql(`mutation RuleDelete($id: ID!) { ruleDelete(id: $id) { deleted errors { field message code } } }`);

export const DOCUMENT_FORMAT = "saleor-oms-rules";

/** The export document of `rules`, as the CLI writes it (rules by priority, then name). */
export function exportDocument(rules: Rule[], now = new Date()) {
  const sorted = [...rules].sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
  return {
    format: DOCUMENT_FORMAT,
    format_version: 1,
    exported_at: now.toISOString(),
    rules: sorted.map((rule) => ({
      name: rule.name,
      description: rule.description,
      enabled: rule.enabled,
      priority: rule.priority,
      trigger: rule.trigger,
      conditions: JSON.parse(rule.conditions) as unknown,
      actions: JSON.parse(rule.actions) as unknown,
      refire: rule.refire,
      refire_hours: rule.refireHours,
      version: rule.version,
    })),
  };
}

type ImportReport = RuleImportMutation["ruleImport"];

export function RuleImportExport({ onImported }: { onImported: () => void }) {
  const { client, notify } = useApp();
  const { busy, errors, mutate, clearErrors } = useMutation();
  const [text, setText] = useState("");
  const [parseError, setParseError] = useState<string>();
  const [report, setReport] = useState<{ dryRun: boolean; report: ImportReport }>();

  const exportRules = async () => {
    try {
      const data = await client.request(RULES_FOR_EXPORT);
      const json = `${JSON.stringify(exportDocument(nodes(data.rules)), null, 2)}\n`;
      setText(json);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([json], { type: "application/json" }));
      link.download = "rules.json";
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (caught) {
      notify("error", "Could not export", caught instanceof Error ? caught.message : String(caught));
    }
  };

  const send = async (dryRun: boolean) => {
    setReport(undefined);
    clearErrors();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (caught) {
      setParseError(`Not JSON: ${caught instanceof Error ? caught.message : String(caught)}`);
      return;
    }
    setParseError(undefined);
    const done = await mutate(
      RULE_IMPORT,
      { document: JSON.stringify(parsed), dryRun },
      "ruleImport",
      dryRun ? "The document is valid" : "Rules imported",
    );
    if (done) {
      setReport({ dryRun, report: done });
      if (!dryRun) onImported();
    }
  };

  return (
    <Card title="Import and export" actions={<Button variant="secondary" onClick={exportRules}>Export rules</Button>}>
      <Text as="p" color="default2" marginBottom={3}>
        A document in the {DOCUMENT_FORMAT} format (JSON), as “Export rules” or the CLI writes it. Rules are matched by name: a changed
        one becomes a new version, an equal one is left alone; nothing is written unless every rule is valid.
      </Text>
      <Box display="flex" flexDirection="column" gap={3} data-testid="rule-import">
        <input
          type="file"
          accept="application/json,.json"
          aria-label="Rules file"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (file) setText(await file.text());
          }}
        />
        <TextArea label="Document" value={text} onChange={(event) => setText(event.target.value)} spellCheck={false} />
        {parseError && (
          <Text color="critical1" role="alert">
            {parseError}
          </Text>
        )}
        <FieldErrors errors={errors} />
        {report && (
          <Box data-testid="rule-import-report" display="flex" flexDirection="column" gap={1}>
            <Text fontWeight="bold">{report.dryRun ? "Check only, nothing was written:" : "Imported:"}</Text>
            <Text size={2}>created: {report.report.created.join(", ") || "none"}</Text>
            <Text size={2}>updated: {report.report.updated.join(", ") || "none"}</Text>
            <Text size={2}>unchanged: {report.report.unchanged.join(", ") || "none"}</Text>
          </Box>
        )}
        <Box display="flex" gap={2}>
          <Button variant="secondary" disabled={busy || !text.trim()} onClick={() => send(true)}>
            Check
          </Button>
          <Button variant="primary" disabled={busy || !text.trim()} onClick={() => send(false)}>
            Import
          </Button>
        </Box>
      </Box>
    </Card>
  );
}

export function RuleDeleteButton({ rule, onDeleted }: { rule: Pick<Rule, "id" | "name">; onDeleted: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const remove = async () => {
    const done = await mutate(RULE_DELETE, { id: rule.id }, "ruleDelete", `Rule “${rule.name}” deleted`);
    if (done) onDeleted();
  };
  return (
    <>
      <ConfirmButton label="Delete" question={`Delete “${rule.name}”? Its firing log stays.`} confirmLabel="Delete" disabled={busy} onConfirm={remove} />
      <FieldErrors errors={errors} />
    </>
  );
}
