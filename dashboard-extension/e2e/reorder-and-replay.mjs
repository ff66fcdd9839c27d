// Routing rules are ranked by drag and drop, saved as the draft, and replayed.
import { expectSuccess, scenario } from "./lib.mjs";

await scenario(import.meta.url, async ({ page, open }) => {
  await open("routing");
  const rules = page.getByTestId("rule-order");
  await rules.getByTestId("rule-nearest").waitFor();
  // drag "Fewest shipments" onto the first rule
  await page.dragAndDrop('[data-testid="rule-fewest_shipments"]', '[data-testid="rule-nearest"]');
  const order = await rules.locator("li").evaluateAll((items) => items.map((item) => item.dataset.testid));
  if (order.join() !== "rule-fewest_shipments,rule-nearest,rule-lowest_cost") {
    throw new Error(`unexpected order after the drag: ${order.join()}`);
  }
  await page.getByRole("button", { name: "Save draft" }).click();
  await expectSuccess(page, "Draft saved");
  await page.getByLabel("Newest orders").fill("2");
  await page.getByRole("button", { name: "Run replay" }).click();
  await expectSuccess(page, "Replay finished");
  const totals = page.getByTestId("replay-totals");
  await totals.getByText("Shipments").waitFor();
  const result = await page.getByTestId("replay-result").innerText();
  const match = result.match(/over (\d+) orders/);
  console.log(`replayed ${match ? match[1] : "?"} orders`);
  await page.getByTestId("replay-orders").getByText("#101").waitFor();
});
