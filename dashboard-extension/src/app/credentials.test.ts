import { afterEach, describe, expect, it } from "vitest";

import { captureUrlToken, forgetCredentials, standaloneToken, storeApiKey } from "./credentials";
import { isEmbeddedView } from "../extensions/routing";

afterEach(() => window.history.replaceState(null, "", "/"));

describe("standalone credentials", () => {
  it("takes ?token= out of the address and keeps it for the tab", () => {
    window.history.replaceState(null, "", "/app/orders?status=UNFULFILLED&token=oms_secret");
    captureUrlToken();
    expect(window.location.search).toBe("?status=UNFULFILLED");
    expect(standaloneToken()).toBe("oms_secret");
  });

  it("falls back to a stored API key and forgets both on sign-out", () => {
    storeApiKey("  oms_stored  ");
    expect(standaloneToken()).toBe("oms_stored");
    forgetCredentials();
    expect(standaloneToken()).toBeUndefined();
  });
});

describe("Dashboard routing", () => {
  it("keeps widgets and popups from moving the Dashboard's address", () => {
    expect(isEmbeddedView("/widgets/order")).toBe(true);
    expect(isEmbeddedView("/actions/route")).toBe(true);
    expect(isEmbeddedView("/orders")).toBe(false);
  });
});
