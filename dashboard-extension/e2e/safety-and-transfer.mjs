// On the Stock page: a safety stock is set on a stock level, then a transfer of that variant
// is requested to another location and shipped.
import { expectSuccess, scenario } from "./lib.mjs";

await scenario(import.meta.url, async ({ page, open, shot }) => {
  await open("stock");
  await page.getByRole("tab", { name: "Safety stock" }).click();
  const level = page.getByTestId("safety-OMS-SKU-900-Soho");
  await level.getByLabel("Safety stock").fill("2");
  await level.getByRole("button", { name: "Save" }).click();
  await expectSuccess(page, "Safety stock of OMS-SKU-900 at Soho: 2");
  // the level reloads: 10 on hand, 2 kept back
  await level.getByRole("cell", { name: "8", exact: true }).waitFor();
  await shot("safety-stock");

  await page.getByRole("tab", { name: "Transfers" }).click();
  const form = page.getByTestId("new-transfer");
  await form.getByLabel("From", { exact: true }).selectOption({ label: "Soho" });
  await form.getByLabel("To", { exact: true }).selectOption({ label: "Berlin" });
  await form.getByLabel("Reference").fill("E2E-1");
  // what the source holds, with what it can give (after the safety stock)
  await form.getByLabel("Add a variant").selectOption({ label: "OMS-SKU-900 (8 available)" });
  await form.getByLabel("Quantity of OMS-SKU-900").fill("3");
  await form.getByRole("button", { name: "Request transfer" }).click();
  await expectSuccess(page, "Transfer requested");
  const row = page.getByTestId("transfer-E2E-1");
  await row.getByText("requested").waitFor();
  await row.getByRole("button", { name: "Ship" }).click();
  await expectSuccess(page, "E2E-1 shipped");
  await row.getByText("in transit").waitFor();
});
