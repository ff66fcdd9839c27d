// A wave from release to shipped, driven as the warehouse floor drives it: staff make a wave of
// the waiting order and print its pick lists; the picker confirms each stop by scanning the bin
// and the items; the packer scans the order at the pack station, a wrong item (refused in red),
// every item, weighs the parcel, chooses the carrier by scanning its code and ships, then
// prints the label. Scanner input is keyboard typing + Enter into whatever has the focus: the
// script never clicks the scan inputs, so it fails if they lose the focus.
//
// Environment: OMS_E2E_LOCATION_ID (OmsLocation id), OMS_E2E_ORDER_NUMBER, OMS_E2E_PICKS
// ("bin:sku:units,…" along the walk), OMS_E2E_WEIGHT (grams), OMS_E2E_CARRIER (carrier code).
import { expectNoError, expectSuccess, scenario } from "./lib.mjs";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

/** What a keyboard-wedge scanner does: types the code and presses Enter, into the focused element. */
async function scan(page, code) {
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press("Enter");
}

/** The signed link a print button asked for, checked to serve a PDF; the new tab is closed. */
async function printed(page, click) {
  const answer = page.waitForResponse(
    (response) => response.url().endsWith("/graphql/") && (response.request().postData() ?? "").includes("WarehouseDocument"),
  );
  await click();
  const body = await (await answer).json();
  if (body.errors) throw new Error(`warehouseDocument failed: ${JSON.stringify(body.errors)}`);
  const { url } = body.data.warehouseDocument;
  const document = await page.request.get(url);
  if (!document.ok()) throw new Error(`${url} answered ${document.status()}`);
  const type = document.headers()["content-type"] ?? "";
  if (!type.includes("pdf")) throw new Error(`${url} is ${type}, not a PDF`);
  return url;
}

await scenario(import.meta.url, async ({ page, open, shot }) => {
  const location = env("OMS_E2E_LOCATION_ID");
  const number = env("OMS_E2E_ORDER_NUMBER");
  const picks = env("OMS_E2E_PICKS")
    .split(",")
    .map((item) => item.split(":"))
    .map(([bin, sku, units]) => ({ bin, sku, units: Number(units) }));
  const weight = env("OMS_E2E_WEIGHT");
  const carrier = process.env.OMS_E2E_CARRIER ?? "own_fleet";
  // print buttons open the document in a new tab; the script checks the link instead
  page.context().on("page", (tab) => void tab.close());

  // 1. the release waits; a batch wave is made and planned at once
  await open(`warehouse/waves?location=${encodeURIComponent(location)}`);
  await page.getByTestId(`release-${number}`).waitFor();
  const form = page.getByTestId("wave-create");
  await form.getByLabel("Strategy").selectOption("BATCH");
  await form.getByRole("button", { name: "Create wave" }).click();
  await expectSuccess(page, "Wave created");
  const wave = page.getByTestId("wave-1");
  await wave.getByText("released").waitFor();
  const pickList = await printed(page, () => wave.getByRole("button", { name: "Print pick lists" }).click());
  console.log(`pick lists: ${pickList}`);
  await shot("wave");

  // 2. the picker walks the list: bin, then each unit
  await wave.getByRole("button", { name: "Pick lists", exact: true }).click();
  await page.getByTestId("pick-list-1").getByRole("button", { name: "Pick by scan" }).click();
  const pickMessage = page.getByTestId("pick-message");
  for (const { bin, sku, units } of picks) {
    await scan(page, bin);
    await pickMessage.getByText(`Bin ${bin}:`).waitFor();
    for (let unit = 1; unit <= units; unit += 1) {
      await scan(page, sku);
      // counted, refused, or the last unit of the list (the scan view closes)
      await page.waitForFunction(
        ([code, picked]) => {
          const box = document.querySelector('[data-testid="pick-message"]');
          return !box || box.getAttribute("data-tone") === "error" || box.textContent?.includes(`${code}: ${picked} of`) || box.textContent?.includes(`${code} done`);
        },
        [sku, unit],
      );
      if ((await pickMessage.count()) > 0 && (await pickMessage.getAttribute("data-tone")) === "error") throw new Error(`pick refused: ${await pickMessage.innerText()}`);
    }
  }
  // every stop picked: the list is shown done
  await page.getByTestId("pick-list-1").getByText("done").waitFor();
  await shot("picked");

  // 3. the pack station: the order, a wrong item, every item
  await page.getByRole("navigation", { name: "Warehouse" }).getByText("Pack station").click();
  const message = page.getByTestId("pack-message");
  await page.getByLabel("Scan").waitFor();
  await scan(page, number);
  await message.getByText(`Order #${number}`, { exact: false }).waitFor();
  await scan(page, "NOT-IN-THIS-ORDER");
  await page.getByRole("alert").getByText("Wrong item").waitFor();
  if ((await page.getByTestId("pack-station").getAttribute("data-tone")) !== "error") throw new Error("a wrong item did not turn the station red");
  await shot("wrong-item");
  for (const { sku, units } of picks) {
    for (let unit = 1; unit <= units; unit += 1) {
      // each scan changes the message (its count, or the refusal): wait for that change
      const before = await message.innerText();
      await scan(page, sku);
      await page.waitForFunction(
        (previous) => document.querySelector('[data-testid="pack-message"]')?.textContent !== previous,
        before,
      );
      if ((await message.getAttribute("data-tone")) === "error") throw new Error(`pack scan refused: ${await message.innerText()}`);
    }
  }
  await message.getByText("All items scanned").waitFor();
  await page.getByTestId("box-suggestions").waitFor();
  await shot("suggestions");

  // 4. weigh and close the parcel (a weight off the expected one is closed deliberately)
  await scan(page, weight);
  const closed = message.getByText("Parcel 1 closed");
  const off = page.getByRole("button", { name: /^Close anyway/ });
  const outcome = await Promise.race([closed.waitFor().then(() => "closed"), off.waitFor().then(() => "off")]);
  if (outcome === "off") {
    console.log(`weight off: ${await message.innerText()}`);
    await off.click();
    await closed.waitFor();
  }

  // 5. the carrier by its code, a tracking number if it wants one, Enter ships
  await scan(page, carrier);
  await message.getByText(/^Carrier /).waitFor();
  if ((await page.getByText("Tracking number: scan it").count()) > 0) {
    await scan(page, `E2E${number}`);
    await message.getByText(`Tracking number E2E${number}`).waitFor();
  }
  await page.keyboard.press("Enter");
  await message.getByText(`Order #${number} shipped with`).waitFor();
  console.log(`shipped: ${await message.innerText()}`);
  const label = await printed(page, () => page.getByRole("button", { name: "Print label" }).first().click());
  console.log(`label: ${label}`);
  await expectNoError(page);
  await shot("shipped");

  // 6. the parcel is listed with its tracking number under Shipping
  await page.getByRole("navigation", { name: "Warehouse" }).getByText("Shipping & manifests").click();
  await page.getByTestId("parcels").waitFor();
  await page.getByTestId("parcels").getByText("labelled").or(page.getByTestId("parcels").getByText("shipped")).first().waitFor();
});
