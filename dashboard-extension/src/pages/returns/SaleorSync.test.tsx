import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { ReturnSaleorSync } from "./SaleorSync";

const FAILED = { returnRequest: { id: "UmV0OjE=", saleorState: "failed", saleorError: "The app lacks HANDLE_PAYMENTS." } };

// user-event typing is slow on a loaded machine: generous per-test time
describe("recording a return in Saleor", { timeout: 30000 }, () => {
  it("shows why it failed and retries", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const retried = { returnRequestRetrySaleor: { returnRequest: { id: "UmV0OjE=", saleorState: "pending", saleorError: "" }, errors: [] } };
    renderWithApp(<ReturnSaleorSync id="UmV0OjE=" rmaNumber="RMA-000001" />, { client: answering({ ReturnSaleorState: FAILED, ReturnRetrySaleor: retried }, calls) });
    expect(await screen.findByText("The app lacks HANDLE_PAYMENTS.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Retry in Saleor" }));

    expect(await screen.findByText("RMA-000001: recording in Saleor again")).toBeTruthy();
    expect(callsOf(calls, "ReturnRetrySaleor")).toEqual([{ id: "UmV0OjE=" }]);
    expect(callsOf(calls, "ReturnSaleorState")).toHaveLength(2);
  });

  it("shows a refused retry", async () => {
    const user = userEvent.setup();
    const refusal = { returnRequestRetrySaleor: { returnRequest: null, errors: [{ field: "id", message: "Only a return whose recording in Saleor failed can be retried.", code: "ILLEGAL_TRANSITION" }] } };
    renderWithApp(<ReturnSaleorSync id="UmV0OjE=" rmaNumber="RMA-000001" />, { client: answering({ ReturnSaleorState: FAILED, ReturnRetrySaleor: refusal }) });
    await user.click(await screen.findByRole("button", { name: "Retry in Saleor" }));

    expect((await screen.findByTestId("field-errors")).textContent).toBe("id: Only a return whose recording in Saleor failed can be retried. (ILLEGAL_TRANSITION)");
  });
});
