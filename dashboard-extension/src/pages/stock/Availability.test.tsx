import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { Availability, type Subscription } from "./Availability";

const AMAZON: Subscription = { id: "U3ViOjE=", name: "amazon", url: "https://feeds.example.com/oms", channels: ["amazon-de"], isActive: true, createdAt: "2026-11-20T10:00:00+00:00" };
const DEAD = { id: "RGVsOjE=", sequence: 7, itemCount: 2, state: "DEAD", attempts: 5, lastStatus: 503, lastError: "HTTP 503", createdAt: "2026-11-20T10:00:00+00:00", subscription: { id: AMAZON.id, name: "amazon" } };

function client(answers: Record<string, unknown>, calls: Call[]) {
  return answering(
    {
      Subscriptions: { availabilitySubscriptions: [AMAZON], availabilityDeliveries: connection([DEAD]), inventoryChannels: [{ slug: "amazon-de", name: "Amazon DE" }, { slug: "default-channel", name: "Default" }] },
      ...answers,
    },
    calls,
  );
}

// user-event typing is slow on a loaded machine: generous per-test time
describe("availability subscriptions", { timeout: 30000 }, () => {
  it("lists each endpoint with its channels and the state of its newest delivery", async () => {
    renderWithApp(<Availability />, { client: client({}, []) });
    const row = await screen.findByTestId("subscription-amazon");
    expect(within(row).getByText("https://feeds.example.com/oms")).toBeTruthy();
    expect(within(row).getByTestId("status-chip").textContent).toBe("dead");
    expect(within(screen.getByTestId("deliveries")).getByRole("button", { name: "Redeliver" })).toBeTruthy();
  });

  it("subscribes an endpoint and shows its secret once", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const created = { subscription: { ...AMAZON, id: "U3ViOjI=", name: "otto" }, secret: "whsec_0123456789", errors: [] };
    renderWithApp(<Availability />, { client: client({ SubscriptionCreate: { availabilitySubscriptionCreate: created } }, calls) });
    const form = await screen.findByTestId("new-subscription");
    await user.type(within(form).getByLabelText("Name"), "otto");
    await user.type(within(form).getByLabelText("Endpoint URL"), "https://otto.example.com/stock");
    await user.click(await within(form).findByText("Default"));
    await user.click(within(form).getByRole("button", { name: "Subscribe" }));

    expect((await screen.findByTestId("subscription-secret")).textContent).toContain("whsec_0123456789");
    expect(callsOf(calls, "SubscriptionCreate")).toEqual([{ input: { name: "otto", url: "https://otto.example.com/stock", channels: ["default-channel"] } }]);
    await user.click(screen.getByRole("button", { name: "I have copied it" }));
    expect(screen.queryByText("whsec_0123456789")).toBeNull();
  });

  it("shows a refused URL", async () => {
    const user = userEvent.setup();
    const refusal = { subscription: null, secret: null, errors: [{ field: "url", message: "The host is not a public address.", code: "URL_NOT_ALLOWED" }] };
    renderWithApp(<Availability />, { client: client({ SubscriptionCreate: { availabilitySubscriptionCreate: refusal } }, []) });
    const form = await screen.findByTestId("new-subscription");
    await user.type(within(form).getByLabelText("Name"), "local");
    await user.type(within(form).getByLabelText("Endpoint URL"), "http://10.0.0.1/hook");
    await user.click(await within(form).findByText("Amazon DE"));
    await user.click(within(form).getByRole("button", { name: "Subscribe" }));

    expect((await screen.findByTestId("field-errors")).textContent).toBe("url: The host is not a public address. (URL_NOT_ALLOWED)");
    expect(screen.queryByTestId("subscription-secret")).toBeNull();
  });

  it("deletes only once confirmed, and redelivers a dead letter", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(<Availability />, {
      client: client(
        {
          SubscriptionDelete: { availabilitySubscriptionDelete: { deletedId: AMAZON.id, errors: [] } },
          DeliveryRedeliver: { availabilityDeliveryRedeliver: { delivery: { id: DEAD.id, state: "PENDING" }, errors: [] } },
        },
        calls,
      ),
    });
    await user.click(within(await screen.findByTestId("deliveries")).getByRole("button", { name: "Redeliver" }));
    expect(await screen.findByText("Delivery 7 of amazon sent again")).toBeTruthy();

    const row = screen.getByTestId("subscription-amazon");
    await user.click(within(row).getByRole("button", { name: "Delete" }));
    expect(within(row).getByText("Delete amazon? It is told nothing more.")).toBeTruthy();
    expect(callsOf(calls, "SubscriptionDelete")).toEqual([]);
    await user.click(within(row).getAllByRole("button", { name: "Delete" })[0]);
    expect(await screen.findByText("amazon deleted")).toBeTruthy();
    expect(callsOf(calls, "SubscriptionDelete")).toEqual([{ id: AMAZON.id }]);
    expect(callsOf(calls, "DeliveryRedeliver")).toEqual([{ id: DEAD.id }]);
  });
});
