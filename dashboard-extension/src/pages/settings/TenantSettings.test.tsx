import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { clientAnswering, renderWithApp } from "../../test/render";
import { PolicyForm, policyInput, type ReturnPolicy } from "./ReturnPolicies";
import { TenantSettings, changedValues, errorsOfSection, type SettingsSection } from "./TenantSettings";

// What `tenantSettingsSchema` answers (two sections): the form is built from it.
const SCHEMA: SettingsSection[] = [
  {
    name: "routing",
    title: "Routing",
    description: "When orders are routed.",
    permission: "MANAGE_ORDERS",
    settings: [
      { key: "trigger", field: "trigger", type: "CHOICE", default: '"MANUAL"', description: "When an order is routed automatically.", allowedValues: ["MANUAL", "CREATED", "FULLY_PAID"], minimum: null, maximum: null, nullable: false },
      { key: "require_approval", field: "requireApproval", type: "BOOL", default: "false", description: "Hold plans for approval.", allowedValues: [], minimum: null, maximum: null, nullable: false },
      { key: "max_attempts", field: "maxAttempts", type: "INT", default: "3", description: "How often a failed plan is routed again.", allowedValues: [], minimum: 1, maximum: 20, nullable: false },
    ],
  },
  {
    name: "rules",
    title: "Rules",
    description: "Time rules and action rate.",
    permission: "MANAGE_ORDERS",
    settings: [{ key: "email_from", field: "emailFrom", type: "EMAIL", default: '""', description: "Sender of rule emails.", allowedValues: [], minimum: null, maximum: null, nullable: false }],
  },
  {
    name: "insights",
    title: "Insights",
    description: "How the order insights count days.",
    permission: "MANAGE_ORDERS",
    settings: [{ key: "time_zone", field: "timeZone", type: "TIME_ZONE", default: '"UTC"', description: "The reporting time zone.", allowedValues: [], minimum: null, maximum: null, nullable: false }],
  },
];
const VALUES = {
  routing: { trigger: "MANUAL", requireApproval: false, maxAttempts: 3 },
  rules: { emailFrom: "" },
  replenishment: { reorderPoint: null, targetLevel: null, leadTimeDays: 0 },
  availability: { maxAttempts: 5 },
  insights: { timeZone: "Pacific/Auckland" },
};

type Call = { query: string; variables: unknown; headers: Headers };

function server(update: (input: Record<string, Record<string, unknown>>) => unknown, calls: Call[]) {
  return clientAnswering((request: unknown) => {
    const { query, variables } = request as { query: string; variables: { input: Record<string, Record<string, unknown>> } };
    if (query.includes("tenantSettingsSchema")) return { data: { tenantSettingsSchema: SCHEMA } };
    if (query.includes("tenantSettingsUpdate")) return { data: { tenantSettingsUpdate: update(variables.input) } };
    return { data: { tenantSettings: VALUES } };
  }, calls);
}

describe("the settings form", () => {
  it("shows every setting of the schema with its documentation", async () => {
    renderWithApp(<TenantSettings />, { client: server(() => null, []) });
    const routing = await screen.findByTestId("settings-routing");
    expect((within(routing).getByLabelText("Trigger") as HTMLSelectElement).value).toBe("MANUAL");
    expect(screen.getByTestId("setting-doc-routing.trigger").textContent).toBe("When an order is routed automatically.");
    expect(screen.getByTestId("setting-doc-routing.maxAttempts").textContent).toBe("How often a failed plan is routed again. (1–20, default 3)");
    expect(screen.getByTestId("setting-doc-rules.emailFrom").textContent).toBe("Sender of rule emails.");
    // nothing changed yet: nothing to save
    expect((within(routing).getByRole("button", { name: "Save routing" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("saves only what changed in its section", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const client = server((input) => ({ settings: { ...VALUES, routing: { ...VALUES.routing, ...input.routing } }, errors: [] }), calls);
    renderWithApp(<TenantSettings />, { client });
    const routing = await screen.findByTestId("settings-routing");

    await user.selectOptions(within(routing).getByLabelText("Trigger"), "FULLY_PAID");
    await user.click(within(routing).getByRole("button", { name: "Save routing" }));

    await waitFor(() => expect(calls.some((call) => call.query.includes("tenantSettingsUpdate"))).toBe(true));
    const update = calls.find((call) => call.query.includes("tenantSettingsUpdate"));
    expect(update?.variables).toEqual({ input: { routing: { trigger: "FULLY_PAID" } } });
    expect(await screen.findByText("Routing saved")).toBeTruthy();
  });

  it("offers the IANA zones for a time zone setting and saves the one picked", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const client = server((input) => ({ settings: { ...VALUES, insights: { ...VALUES.insights, ...input.insights } }, errors: [] }), calls);
    renderWithApp(<TenantSettings />, { client });
    const insights = await screen.findByTestId("settings-insights");
    const select = within(insights).getByLabelText("Time zone") as HTMLSelectElement;
    expect(select.tagName).toBe("SELECT");
    expect(select.value).toBe("Pacific/Auckland");

    await user.selectOptions(select, "America/Los_Angeles");
    await user.click(within(insights).getByRole("button", { name: "Save insights" }));

    await waitFor(() => expect(calls.some((call) => call.query.includes("tenantSettingsUpdate"))).toBe(true));
    expect(calls.find((call) => call.query.includes("tenantSettingsUpdate"))?.variables).toEqual({ input: { insights: { timeZone: "America/Los_Angeles" } } });
  });

  it("shows a refused value's error at its field", async () => {
    const user = userEvent.setup();
    const client = server(() => ({ settings: null, errors: [{ field: "routing.maxAttempts", message: "Expected a number from 1 to 20.", code: "OUT_OF_RANGE" }] }), []);
    renderWithApp(<TenantSettings />, { client });
    const routing = await screen.findByTestId("settings-routing");

    const attempts = within(routing).getByLabelText("Max attempts");
    await user.clear(attempts);
    await user.type(attempts, "50");
    await user.click(within(routing).getByRole("button", { name: "Save routing" }));

    expect((await screen.findByTestId("setting-error-routing.maxAttempts")).textContent).toBe("Expected a number from 1 to 20.");
    expect(screen.queryByTestId("setting-error-routing.trigger")).toBeNull();
  });

  it("sends what changed, null for a cleared value, and sorts errors by section", () => {
    expect(changedValues({ a: 1, b: "x", c: 2 }, { a: 1, b: "y", c: null })).toEqual({ b: "y", c: null });
    const errors = [
      { field: "routing.maxAttempts", message: "bad", code: "OUT_OF_RANGE" },
      { field: "rules.emailFrom", message: "not an address", code: "INVALID_EMAIL" },
    ];
    expect(errorsOfSection(errors, "rules")).toEqual({ emailFrom: "not an address" });
  });
});

describe("the return policy editor", () => {
  const policy: ReturnPolicy = {
    channel: "oms-us",
    windowDays: 30,
    finalSaleProductTypes: ["Gift card"],
    finalSaleSkus: [],
    reasons: ["Damaged"],
    resolutions: ["REFUND"],
    restockingFeePercent: 10,
    returnShippingFee: 5,
    autoApproveMaxValue: null,
    autoApproveReasons: [],
    instructions: "",
    returnLocationId: null,
  };

  it("sends the whole policy back, keeping fields it does not show", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const client = clientAnswering({ data: { returnPolicySet: { policy, errors: [] } } }, calls);
    renderWithApp(<PolicyForm initial={policy} exists onSaved={() => undefined} />, { client });

    const window = screen.getByLabelText("Return window (days)");
    await user.clear(window);
    await user.type(window, "14");
    await user.click(screen.getByRole("button", { name: "Save policy" }));

    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].variables).toEqual({ input: { ...policyInput(policy), windowDays: 14 } });
    expect((calls[0].variables as { input: { finalSaleProductTypes: string[] } }).input.finalSaleProductTypes).toEqual(["Gift card"]);
  });

  it("shows the server's error at its field", async () => {
    const user = userEvent.setup();
    const client = clientAnswering({ data: { returnPolicySet: { policy: null, errors: [{ field: "reasons", message: "Give at least one reason.", code: "INVALID_POLICY" }] } } });
    renderWithApp(<PolicyForm initial={{ ...policy, reasons: [] }} exists={false} onSaved={() => undefined} />, { client });
    await user.click(screen.getByRole("button", { name: "Create policy" }));
    expect((await screen.findByTestId("policy-error-reasons")).textContent).toBe("Give at least one reason.");
  });
});
