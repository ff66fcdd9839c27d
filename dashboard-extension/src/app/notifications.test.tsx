import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { AppBridge } from "@saleor/app-sdk/app-bridge";

import { clientAnswering, renderWithApp } from "../test/render";
import { ReturnsPage } from "../pages/Returns";

const DENIED = {
  data: null,
  errors: [{ message: "You need one of these permissions: MANAGE_ORDERS.", extensions: { code: "PERMISSION_DENIED" } }],
};

describe("errors from the API", () => {
  it("are shown as an error notification and in the page, standalone", async () => {
    renderWithApp(<ReturnsPage />, { client: clientAnswering(DENIED) });

    const toast = await screen.findByTestId("toast-error");
    expect(toast.textContent).toContain("Could not load");
    expect(toast.textContent).toContain("You need one of these permissions: MANAGE_ORDERS.");
    expect(screen.getByRole("button", { name: "Retry" })).toBeTruthy();
  });

  it("go through App Bridge inside the Dashboard, in Saleor's notification style", async () => {
    const dispatch = vi.fn().mockResolvedValue(undefined);
    const bridge = { dispatch, getState: () => ({ token: "jwt", saleorApiUrl: "https://shop/graphql/" }) } as unknown as AppBridge;
    renderWithApp(<ReturnsPage />, { client: clientAnswering(DENIED), bridge });

    await screen.findByRole("button", { name: "Retry" });
    const notification = dispatch.mock.calls.map(([action]) => action).find((action) => action.type === "notification");
    expect(notification.payload).toMatchObject({
      status: "error",
      title: "Could not load",
      text: "You need one of these permissions: MANAGE_ORDERS.",
    });
    expect(screen.queryByTestId("toast-error")).toBeNull();
  });

  it("mutation field errors are notified with their field", async () => {
    const { payloadOf, PayloadError } = await import("../api/client");
    expect(() => payloadOf({ errors: [{ field: "id", message: "Cannot approve a rejected return.", code: "ILLEGAL_TRANSITION" }] })).toThrow(
      new PayloadError([{ field: "id", message: "Cannot approve a rejected return.", code: "ILLEGAL_TRANSITION" }]),
    );
    expect(() => payloadOf({ errors: [] })).not.toThrow();
  });
});
