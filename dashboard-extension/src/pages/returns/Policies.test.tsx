import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { ReturnPolicies, type ReturnPolicy } from "./Policies";

const DEFAULT: ReturnPolicy = {
  channel: null,
  windowDays: 30,
  finalSaleProductTypes: [],
  finalSaleSkus: ["OMS-SKU-099"],
  reasons: ["wrong size", "damaged"],
  resolutions: ["REFUND", "EXCHANGE"],
  restockingFeePercent: 10,
  returnShippingFee: 4.5,
  autoApproveMaxValue: 50,
  autoApproveReasons: ["damaged"],
  instructions: "",
  returnLocationId: null,
};

function client(answers: Record<string, unknown>, calls: Call[]) {
  return answering(
    {
      ReturnPolicies: { returnPolicies: [DEFAULT] },
      PolicyChoices: { inventoryChannels: [{ slug: "default-channel", name: "Default" }], locations: connection([{ id: "TG9jOjE=", name: "Berlin" }]) },
      ...answers,
    },
    calls,
  );
}

// user-event typing is slow on a loaded machine: generous per-test time
describe("return policies", { timeout: 30000 }, () => {
  it("lists each policy", async () => {
    renderWithApp(<ReturnPolicies />, { client: client({}, []) });
    const row = await screen.findByTestId("policy-default");
    expect(within(row).getByText("30 days")).toBeTruthy();
    expect(within(row).getByText("refund, exchange")).toBeTruthy();
    expect(within(row).getByText("≤ 50.00")).toBeTruthy();
  });

  it("saves a policy for a channel", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<ReturnPolicies />, { client: client({ ReturnPolicySet: { returnPolicySet: { policy: { ...DEFAULT, channel: "default-channel" }, errors: [] } } }, calls) });
    await user.click(await screen.findByRole("button", { name: "New policy" }));
    const form = await screen.findByTestId("policy-form");
    await within(form).findByRole("option", { name: "Default" });
    await user.selectOptions(within(form).getByLabelText("Channel"), "default-channel");
    await user.clear(within(form).getByLabelText("Window (days)"));
    await user.type(within(form).getByLabelText("Window (days)"), "14");
    await user.click(within(form).getByText("store credit"));
    await user.click(within(form).getByRole("button", { name: "Save policy" }));

    expect(await screen.findByText("Return policy for default-channel saved")).toBeTruthy();
    expect(callsOf(calls, "ReturnPolicySet")).toEqual([
      {
        input: {
          channel: "default-channel",
          windowDays: 14,
          reasons: ["wrong size", "damaged", "not as described"],
          resolutions: ["REFUND", "STORE_CREDIT"],
          restockingFeePercent: "0",
          returnShippingFee: "0",
          autoApproveMaxValue: null,
          autoApproveReasons: [],
          finalSaleSkus: [],
          finalSaleProductTypes: [],
          instructions: "",
          returnLocationId: null,
        },
      },
    ]);
  });

  it("shows a refused field next to it", async () => {
    const user = userEvent.setup();
    const refusal = { policy: null, errors: [{ field: "autoApproveReasons", message: "Auto-approve reasons must be among the policy's reasons.", code: "INVALID_POLICY" }] };
    renderWithApp(<ReturnPolicies />, { client: client({ ReturnPolicySet: { returnPolicySet: refusal } }, []) });
    await user.click(within(await screen.findByTestId("policy-default")).getByRole("button", { name: "Edit" }));
    const form = await screen.findByTestId("policy-form");
    await user.click(within(form).getByRole("button", { name: "Save policy" }));

    expect((await within(form).findByTestId("field-errors")).textContent).toBe(
      "autoApproveReasons: Auto-approve reasons must be among the policy's reasons. (INVALID_POLICY)",
    );
    expect(within(form).getByText("Auto-approve reasons must be among the policy's reasons.")).toBeTruthy();
  });
});
