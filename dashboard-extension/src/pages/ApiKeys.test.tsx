import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../test/answers";
import { renderWithApp } from "../test/render";
import { ApiKeys } from "./Settings";

const LA = { id: "TG9jOjE=", saleorId: "V2g6MQ==", name: "Los Angeles", city: "Los Angeles", country: "US", kind: "SALEOR_WAREHOUSE" };
const KEY = { id: "QXBpS2V5OjE=", name: "3PL West", prefix: "oms_ab12", permissions: ["MANAGE_ORDERS"], createdBy: "VXNlcjox", createdAt: "2026-12-01T09:00:00+00:00", lastUsedAt: null, isActive: true };

describe("API keys", { timeout: 30000 }, () => {
  it("creates a key scoped to one location and shows each key's scope", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<ApiKeys />, {
      client: answering(
        {
          Keys: { apiKeys: connection([{ ...KEY, location: { id: LA.id, name: LA.name } }, { ...KEY, id: "QXBpS2V5OjI=", name: "ERP", location: null }]) },
          Locations: { locations: connection([LA]) },
          ApiKeyCreate: { apiKeyCreate: { key: "oms_secret", apiKey: { id: "QXBpS2V5OjM=", name: "3PL East" }, errors: [] } },
        },
        calls,
      ),
    });
    expect(await screen.findByRole("cell", { name: "every location" })).toBeTruthy();
    expect(screen.getByRole("cell", { name: "Los Angeles" })).toBeTruthy();

    await user.type(screen.getByLabelText("Name"), "3PL East");
    await within(screen.getByLabelText("Location")).findByRole("option", { name: "only Los Angeles" });
    await user.selectOptions(screen.getByLabelText("Location"), LA.id);
    await user.click(screen.getByRole("button", { name: "Create key" }));
    expect((await screen.findByTestId("new-api-key")).textContent).toContain("oms_secret");
    expect(callsOf(calls, "ApiKeyCreate")).toEqual([{ input: { name: "3PL East", permissions: ["MANAGE_ORDERS"], locationId: LA.id } }]);
  });
});
