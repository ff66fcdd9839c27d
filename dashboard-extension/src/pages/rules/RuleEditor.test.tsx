import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { clientAnswering, renderWithApp } from "../../test/render";
import { RuleEditor, draftFromRule } from "./RuleEditor";
import type { RuleTrigger } from "./rule";

// What `ruleTriggers` answers (a subset): the form offers exactly these.
const TRIGGERS: RuleTrigger[] = [
  { name: "order.paid", subject: "order", description: "An order was paid in full (ORDER_FULLY_PAID)." },
  { name: "return.rejected", subject: "order", description: "Return rejected." },
  { name: "stock.low", subject: "stock", description: "A stock level fell to its safety stock or below." },
];

function options(select: HTMLElement): string[] {
  return within(select).getAllByRole("option").map((option) => (option as HTMLOptionElement).value);
}

describe("the rule form's triggers", () => {
  it("come from the API, each with its description", async () => {
    const user = userEvent.setup();
    renderWithApp(<RuleEditor initial={draftFromRule()} fields={[]} triggers={TRIGGERS} onSaved={() => undefined} />);

    const select = screen.getByLabelText("Trigger");
    expect(options(select)).toEqual(["order.paid", "return.rejected", "stock.low"]);
    expect(screen.getByTestId("trigger-description").textContent).toBe("An order was paid in full (ORDER_FULLY_PAID).");

    await user.selectOptions(select, "return.rejected");
    expect(screen.getByTestId("trigger-description").textContent).toBe("Return rejected.");
  });

  it("keep a saved rule's trigger the API no longer lists, and save it unchanged", async () => {
    const user = userEvent.setup();
    const calls: { query: string; variables: unknown; headers: Headers }[] = [];
    const saved = { id: "UnVsZTox", name: "Old", description: "", enabled: true, priority: 100, trigger: "legacy.event", conditions: "{\"all\": []}", actions: "[]", refire: "never", refireHours: null, version: 2 };
    const client = clientAnswering({ data: { ruleUpdate: { rule: saved, errors: [] } } }, calls);
    renderWithApp(<RuleEditor rule={saved} initial={draftFromRule(saved)} fields={[]} triggers={TRIGGERS} onSaved={() => undefined} />, { client });

    const select = screen.getByLabelText("Trigger") as HTMLSelectElement;
    expect(select.value).toBe("legacy.event");
    expect(options(select)[0]).toBe("legacy.event");

    await user.click(screen.getByRole("button", { name: "Save rule" }));
    expect(await screen.findByText("Rule saved")).toBeTruthy();
    expect(calls[0].variables).toMatchObject({ id: "UnVsZTox", input: { trigger: "legacy.event" } });
  });
});
