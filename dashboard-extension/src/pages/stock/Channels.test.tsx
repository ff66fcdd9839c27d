import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { Channels } from "./Channels";

const BERLIN = { id: "TG9jOjE=", name: "Berlin", kind: "SALEOR_WAREHOUSE" };
const SOHO = { id: "TG9jOjI=", name: "Soho store", kind: "STORE" };
const CHANNELS = [
  { slug: "default-channel", name: "Default", saleorId: "Q2hhbm5lbDox", bufferKind: "NONE", bufferValue: 0, locations: [BERLIN, SOHO] },
];

function client(answers: Record<string, unknown>, calls: Call[]) {
  return answering({ Locations: { locations: connection([BERLIN, SOHO]) }, ManagedChannels: { inventoryChannels: CHANNELS }, ...answers }, calls);
}

// user-event typing is slow on a loaded machine: generous per-test time
describe("channels", { timeout: 30000 }, () => {
  it("lists each channel with its buffer and locations in priority order", async () => {
    renderWithApp(<Channels />, { client: client({}, []) });
    const row = await screen.findByTestId("channel-default-channel");
    expect(within(row).getByText("Berlin → Soho store")).toBeTruthy();
    expect((within(row).getByLabelText("Buffer") as HTMLSelectElement).value).toBe("NONE");
  });

  it("sets a percentage buffer", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<Channels />, { client: client({ ChannelBufferSet: { channelBufferSet: { channel: { ...CHANNELS[0], bufferKind: "PERCENT", bufferValue: 10 }, errors: [] } } }, calls) });
    const row = await screen.findByTestId("channel-default-channel");
    await user.selectOptions(within(row).getByLabelText("Buffer"), "PERCENT");
    await user.clear(within(row).getByLabelText("Buffer value"));
    await user.type(within(row).getByLabelText("Buffer value"), "10");
    await user.click(within(row).getByRole("button", { name: "Save buffer" }));

    expect(await screen.findByText("Buffer of Default saved")).toBeTruthy();
    expect(callsOf(calls, "ChannelBufferSet")).toEqual([{ input: { channel: "default-channel", kind: "PERCENT", value: 10 } }]);
  });

  it("asks before a location stops serving a channel, then defines it in the new order", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<Channels />, { client: client({ ChannelDefine: { channelDefine: { channel: CHANNELS[0], errors: [] } } }, calls) });
    const row = await screen.findByTestId("channel-default-channel");
    await user.click(within(row).getByRole("button", { name: "Edit locations" }));
    await user.click(within(row).getByRole("button", { name: "Remove Berlin" }));
    await user.click(within(row).getByRole("button", { name: "Save locations" }));
    expect(within(row).getByText(/Berlin will no longer serve default-channel/)).toBeTruthy();
    expect(callsOf(calls, "ChannelDefine")).toEqual([]);
    await user.click(within(row).getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Locations of Default saved")).toBeTruthy();
    expect(callsOf(calls, "ChannelDefine")).toEqual([{ input: { slug: "default-channel", name: "Default", locationIds: ["TG9jOjI="] } }]);
  });

  it("defines an outside channel and shows what the API refuses", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const refusal = { channel: null, errors: [{ field: "locations", message: "Unknown location.", code: "LOCATION_NOT_FOUND" }] };
    renderWithApp(<Channels />, { client: client({ ChannelDefine: { channelDefine: refusal } }, calls) });
    const form = await screen.findByTestId("new-channel");
    await user.type(within(form).getByLabelText("Slug"), "amazon-de");
    await user.type(within(form).getByLabelText("Name"), "Amazon DE");
    await user.selectOptions(within(form).getByLabelText("Add a location"), SOHO.id);
    await user.click(within(form).getByRole("button", { name: "Define channel" }));

    expect((await screen.findByTestId("field-errors")).textContent).toBe("locations: Unknown location. (LOCATION_NOT_FOUND)");
    expect(callsOf(calls, "ChannelDefine")).toEqual([{ input: { slug: "amazon-de", name: "Amazon DE", locationIds: [SOHO.id] } }]);
  });
});
