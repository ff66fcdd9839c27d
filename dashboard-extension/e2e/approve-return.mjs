// A return waiting in the queue is approved from the Returns page.
import { expectSuccess, scenario } from "./lib.mjs";

await scenario(import.meta.url, async ({ page, open }) => {
  await open("returns");
  const row = page.getByTestId("return-RMA-000001");
  await row.waitFor();
  await row.click();
  const detail = page.getByTestId("return-detail");
  await detail.getByText("wrong size").first().waitFor();
  await detail.getByRole("button", { name: "Approve" }).click();
  await expectSuccess(page, "RMA-000001 approved");
  // the queue (filtered on "requested") no longer lists it
  await page.getByTestId("return-RMA-000001").waitFor({ state: "detached" });
  await page.getByLabel("Status").selectOption("APPROVED");
  await page.getByTestId("return-RMA-000001").click();
  await page.getByTestId("return-RMA-000001").getByText("approved").waitFor();
  await page.getByTestId("return-detail").getByRole("button", { name: "Mark in transit" }).waitFor();
});
