import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { RuleDeleteButton, RuleImportExport, exportDocument } from "./ImportExport";
import type { Rule } from "./rule";

const RULE: Rule = {
  id: "UnVsZTox",
  name: "Big orders",
  description: "",
  enabled: true,
  priority: 100,
  trigger: "order.paid",
  conditions: '{"all": [{"field": "total_gross", "op": "gt", "value": 150}]}',
  actions: '[{"type": "flag", "colour": "red", "label": "Big order"}]',
  refire: "never",
  refireHours: null,
  version: 3,
};
const DOCUMENT = JSON.stringify(exportDocument([RULE], new Date("2026-11-20T10:00:00Z")));

function paste(text: string) {
  fireEvent.change(screen.getByLabelText("Document"), { target: { value: text } });
}

// user-event typing is slow on a loaded machine: generous per-test time
describe("rule import and export", { timeout: 30000 }, () => {
  it("exports the rules in the CLI's document format", () => {
    const second = { ...RULE, id: "UnVsZToy", name: "A first", priority: 10 };
    const document = exportDocument([RULE, second], new Date("2026-11-20T10:00:00Z"));
    expect(document.format).toBe("saleor-oms-rules");
    expect(document.format_version).toBe(1);
    expect(document.rules.map((rule) => rule.name)).toEqual(["A first", "Big orders"]);
    expect(document.rules[1]).toEqual({
      name: "Big orders",
      description: "",
      enabled: true,
      priority: 100,
      trigger: "order.paid",
      conditions: { all: [{ field: "total_gross", op: "gt", value: 150 }] },
      actions: [{ type: "flag", colour: "red", label: "Big order" }],
      refire: "never",
      refire_hours: null,
      version: 3,
    });
  });

  it("checks a pasted document without writing, then imports it", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    let imported = 0;
    const client = answering({ RuleImport: (variables) => ({ ruleImport: { created: variables.dryRun ? ["Big orders"] : [], updated: variables.dryRun ? [] : ["Big orders"], unchanged: [], errors: [] } }) }, calls);
    renderWithApp(<RuleImportExport onImported={() => (imported += 1)} />, { client });
    paste(DOCUMENT);
    await user.click(screen.getByRole("button", { name: "Check" }));
    const report = await screen.findByTestId("rule-import-report");
    expect(report.textContent).toContain("Check only, nothing was written:");
    expect(report.textContent).toContain("created: Big orders");
    expect(imported).toBe(0);

    await user.click(screen.getByRole("button", { name: "Import" }));
    expect(await screen.findByText("Rules imported")).toBeTruthy();
    expect(screen.getByTestId("rule-import-report").textContent).toContain("updated: Big orders");
    expect(imported).toBe(1);
    expect(callsOf(calls, "RuleImport")).toEqual([
      { document: DOCUMENT, dryRun: true },
      { document: DOCUMENT, dryRun: false },
    ]);
  });

  it("shows every issue with its path, and refuses what is not JSON without asking the server", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const issues = [{ field: "rules[0].conditions.all[0].op", message: "unknown operator", code: "UNKNOWN_OPERATOR" }];
    renderWithApp(<RuleImportExport onImported={() => undefined} />, { client: answering({ RuleImport: { ruleImport: { created: [], updated: [], unchanged: [], errors: issues } } }, calls) });
    paste("{not json");
    await user.click(screen.getByRole("button", { name: "Import" }));
    expect((await screen.findByText(/^Not JSON/)).getAttribute("role")).toBe("alert");
    expect(calls).toEqual([]);

    paste(DOCUMENT);
    await user.click(screen.getByRole("button", { name: "Import" }));
    expect((await screen.findByTestId("field-errors")).textContent).toBe("rules[0].conditions.all[0].op: unknown operator (UNKNOWN_OPERATOR)");
    expect(screen.queryByTestId("rule-import-report")).toBeNull();
  });

  it("reads an uploaded file into the document", async () => {
    const user = userEvent.setup();
    renderWithApp(<RuleImportExport onImported={() => undefined} />, { client: answering({}) });
    await user.upload(screen.getByLabelText("Rules file"), new File([DOCUMENT], "rules.json", { type: "application/json" }));
    expect(await screen.findByDisplayValue(DOCUMENT)).toBeTruthy();
  });

  it("deletes a rule only once confirmed", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    let deleted = 0;
    renderWithApp(<RuleDeleteButton rule={RULE} onDeleted={() => (deleted += 1)} />, { client: answering({ RuleDelete: { ruleDelete: { deleted: true, errors: [] } } }, calls) });
    await user.click(screen.getByRole("button", { name: "Delete" }));
    const question = screen.getByRole("group", { name: "Delete “Big orders”? Its firing log stays." });
    expect(calls).toEqual([]);
    await user.click(within(question).getByRole("button", { name: "Delete" }));

    expect(await screen.findByText("Rule “Big orders” deleted")).toBeTruthy();
    expect(callsOf(calls, "RuleDelete")).toEqual([{ id: RULE.id }]);
    expect(deleted).toBe(1);
  });
});
