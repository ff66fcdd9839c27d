import { useState } from "react";
import { fireEvent, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithApp } from "../../test/render";
import { RuleOrder } from "./RuleOrder";
import { moveItem, type RoutingRule } from "./ruleList";

function Harness({ initial }: { initial: RoutingRule[] }) {
  const [rules, setRules] = useState(initial);
  return <RuleOrder rules={rules} onChange={setRules} />;
}

const order = () => screen.getAllByRole("listitem").map((item) => item.getAttribute("data-testid"));

describe("ranking routing rules", () => {
  it("moves a rule by drag and drop", () => {
    renderWithApp(<Harness initial={[{ type: "nearest" }, { type: "fewest_shipments" }, { type: "lowest_cost", split_penalty: 2.5 }]} />);
    const dataTransfer = { data: {} as Record<string, string>, setData(k: string, v: string) { this.data[k] = v; }, getData(k: string) { return this.data[k]; }, effectAllowed: "" };
    fireEvent.dragStart(screen.getByTestId("rule-lowest_cost"), { dataTransfer });
    fireEvent.dragOver(screen.getByTestId("rule-nearest"), { dataTransfer });
    fireEvent.drop(screen.getByTestId("rule-nearest"), { dataTransfer });
    expect(order()).toEqual(["rule-lowest_cost", "rule-nearest", "rule-fewest_shipments"]);
    expect(screen.getByTestId("rule-lowest_cost").textContent).toContain("split_penalty: 2.5");
  });

  it("moves a rule with the keyboard-friendly buttons", async () => {
    const user = userEvent.setup();
    renderWithApp(<Harness initial={[{ type: "nearest" }, { type: "fewest_shipments" }]} />);
    await user.click(screen.getByRole("button", { name: "Move Fewest shipments up" }));
    expect(order()).toEqual(["rule-fewest_shipments", "rule-nearest"]);
  });

  it("moveItem leaves the list alone for impossible moves", () => {
    expect(moveItem(["a", "b", "c"], 2, 0)).toEqual(["c", "a", "b"]);
    expect(moveItem(["a", "b"], 0, 5)).toEqual(["a", "b"]);
  });
});
