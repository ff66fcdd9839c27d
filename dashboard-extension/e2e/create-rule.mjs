// A rule is built with the form builder, dry-run over past orders, and created.
import { expectSuccess, scenario } from "./lib.mjs";

await scenario(import.meta.url, async ({ page, open }) => {
  await open("rules");
  await page.getByRole("button", { name: "New rule" }).click();
  const editor = page.getByTestId("rule-editor");
  await editor.getByLabel("Name").fill("Big orders");
  // the triggers come from the API's ruleTriggers, each described
  await editor.getByLabel("Trigger").selectOption("order.paid");
  await editor.getByTestId("trigger-description").getByText("ORDER_FULLY_PAID", { exact: false }).waitFor();
  // when: total_gross > 150
  await editor.getByRole("button", { name: "Add condition" }).click();
  const condition = editor.getByTestId("condition-0");
  await condition.getByLabel("Field").selectOption("total_gross");
  await condition.getByLabel("Operator").selectOption("gt");
  await condition.getByLabel("Value").fill("150");
  await condition.getByLabel("Currency").fill("USD");
  // then: a red flag "Big order" (the form starts with a flag action)
  const action = editor.getByTestId("action-0");
  await action.getByLabel("Colour").selectOption("red");
  await action.getByLabel("Label").fill("Big order");

  await editor.getByRole("button", { name: "Dry run" }).click();
  const result = editor.getByTestId("dry-run-result");
  await result.waitFor();
  const text = await result.innerText();
  if (!/Dry run: 1 of 3 orders would fire/.test(text)) throw new Error(`unexpected dry run: ${text}`);
  console.log(`would fire on ${text.split("\n").pop()}`);

  await editor.getByRole("button", { name: "Show JSON" }).click();
  await editor.getByRole("button", { name: "Create rule" }).click();
  await expectSuccess(page, "Rule “Big orders” created");
  await page.getByTestId("rule-row-Big orders").waitFor();
});
