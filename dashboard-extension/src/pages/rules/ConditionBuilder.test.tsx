import { useState } from "react";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithApp } from "../../test/render";
import { ConditionBuilder } from "./ConditionBuilder";
import { emptyGroup, toConditionJSON } from "./conditions";
import type { RuleField } from "./rule";

const FIELDS: RuleField[] = [
  { name: "total_gross", type: "number", operators: ["eq", "gt", "gte", "lt", "lte", "ne"], description: "Order total", money: false },
  { name: "shipping_country", type: "string", operators: ["eq", "in", "ne", "not_in"], description: "Country", money: false },
  { name: "metadata", type: "map", operators: ["eq", "exists"], description: "Metadata", money: false },
];

function Harness() {
  const [group, setGroup] = useState(emptyGroup());
  return (
    <>
      <ConditionBuilder group={group} fields={FIELDS} onChange={setGroup} />
      <pre data-testid="json">{JSON.stringify(toConditionJSON(group, FIELDS))}</pre>
    </>
  );
}

// user-event typing is slow on a loaded machine: generous per-test time (a timed-out test's
// clicks would land in the next one)
describe("ConditionBuilder", { timeout: 30000 }, () => {
  it("builds the condition JSON the API expects from the form", async () => {
    const user = userEvent.setup();
    renderWithApp(<Harness />);

    // total_gross > 150
    await user.click(screen.getByRole("button", { name: "Add condition" }));
    const first = screen.getByTestId("condition-0");
    await user.selectOptions(within(first).getByLabelText("Operator"), "gt");
    await user.type(within(first).getByLabelText("Value"), "150");
    // shipping_country in US, CA
    await user.click(screen.getByRole("button", { name: "Add condition" }));
    const second = screen.getByTestId("condition-1");
    await user.selectOptions(within(second).getByLabelText("Field"), "shipping_country");
    await user.selectOptions(within(second).getByLabelText("Operator"), "in");
    await user.type(within(second).getByLabelText("Values (comma separated)"), "US, CA");
    // any of these
    await user.selectOptions(screen.getByLabelText("Match"), "any");

    expect(JSON.parse(screen.getByTestId("json").textContent ?? "")).toEqual({
      any: [
        { field: "total_gross", op: "gt", value: 150 },
        { field: "shipping_country", op: "in", value: ["US", "CA"] },
      ],
    });
  });

  it("asks for a key on metadata and drops removed conditions", async () => {
    const user = userEvent.setup();
    renderWithApp(<Harness />);
    await user.click(screen.getByRole("button", { name: "Add condition" }));
    await user.click(screen.getByRole("button", { name: "Add condition" }));
    const first = screen.getByTestId("condition-0");
    await user.selectOptions(within(first).getByLabelText("Field"), "metadata");
    await user.type(within(first).getByLabelText("Key"), "segment");
    await user.type(within(first).getByLabelText("Value"), "vip");
    await user.click(screen.getByRole("button", { name: "Remove condition 2" }));

    expect(JSON.parse(screen.getByTestId("json").textContent ?? "")).toEqual({
      all: [{ field: "metadata", op: "eq", value: "vip", key: "segment" }],
    });
  });
});
