import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { renderWithApp } from "../../test/render";
import type { ReturnRequest } from "../Returns";
import { SaleorRecording } from "./SaleorRecording";

const RETURN: ReturnRequest = {
  id: "T21zUmV0dXJuUmVxdWVzdDox",
  rmaNumber: "RMA-000001",
  status: "INSPECTED",
  resolution: "REFUND",
  orderNumber: "37",
  channel: "oms-us",
  note: "",
  decisionReason: "",
  currency: "USD",
  refundAmount: 166,
  createdAt: "2026-12-01T10:00:00+00:00",
  saleorState: "none",
  saleorErrorCode: "",
  saleorError: "",
  lines: [],
};

describe("a return's recording in Saleor", () => {
  it("shows Saleor's refusal with its code and message, and offers a retry", () => {
    const onRetry = vi.fn();
    renderWithApp(
      <SaleorRecording
        item={{
          ...RETURN,
          saleorState: "failed",
          saleorErrorCode: "INVALID_QUANTITY",
          saleorError: "orderFulfillmentReturnProducts: INVALID_QUANTITY (orderLineId): Provided quantity is bigger than unfulfilled quantity.",
        }}
        busy={false}
        onRetry={onRetry}
      />,
    );
    const failed = screen.getByTestId("return-saleor-failed");
    expect(failed.textContent).toContain("Saleor refused this return (INVALID_QUANTITY)");
    expect(failed.textContent).toContain("Provided quantity is bigger than unfulfilled quantity.");
    fireEvent.click(screen.getByRole("button", { name: "Retry in Saleor" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("says a pending return completes once Saleor accepts it, and nothing once done", () => {
    const pending = renderWithApp(<SaleorRecording item={{ ...RETURN, saleorState: "pending" }} busy={false} onRetry={() => {}} />);
    expect(screen.getByTestId("return-saleor-pending").textContent).toContain("completes once Saleor accepts it");
    pending.unmount();
    renderWithApp(<SaleorRecording item={{ ...RETURN, status: "COMPLETED", saleorState: "done" }} busy={false} onRetry={() => {}} />);
    expect(screen.queryByTestId("return-saleor-pending")).toBeNull();
    expect(screen.queryByTestId("return-saleor-failed")).toBeNull();
  });
});
