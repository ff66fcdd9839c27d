import { screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";

import { clientAnswering, renderWithApp } from "../test/render";
import { OnboardingChecklist, type OnboardingItem } from "./OnboardingChecklist";

const item = (code: OnboardingItem["code"], done: boolean, link: string): OnboardingItem => ({
  code,
  done,
  title: `${code} title`,
  detail: done ? "" : `${code} is missing`,
  link,
});

function answer(items: OnboardingItem[]) {
  return { data: { onboardingChecklist: { openCount: items.filter((entry) => !entry.done).length, items } } };
}

describe("the onboarding checklist", () => {
  it("lists the open items with their details and links", async () => {
    const items = [
      item("APP_PERMISSIONS", true, "/settings#installation"),
      item("ROUTING_TRIGGER", false, "/settings#routing"),
      item("LOCATION_COORDINATES", false, "/locations"),
    ];
    renderWithApp(
      <MemoryRouter>
        <OnboardingChecklist />
      </MemoryRouter>,
      { client: clientAnswering(answer(items)) },
    );

    const card = await screen.findByTestId("onboarding-checklist");
    expect(card.textContent).toContain("Finish setting up (1 of 3 done)");
    expect(screen.queryByTestId("onboarding-APP_PERMISSIONS")).toBeNull();
    const trigger = screen.getByTestId("onboarding-ROUTING_TRIGGER");
    expect(trigger.textContent).toContain("ROUTING_TRIGGER is missing");
    expect(trigger.querySelector("a")?.getAttribute("href")).toBe("/settings#routing");
    expect(screen.getByTestId("onboarding-LOCATION_COORDINATES").querySelector("a")?.getAttribute("href")).toBe("/locations");
  });

  it("is not shown once everything is done", async () => {
    const calls: { query: string; variables: unknown; headers: Headers }[] = [];
    renderWithApp(
      <MemoryRouter>
        <OnboardingChecklist />
      </MemoryRouter>,
      { client: clientAnswering(answer([item("ROUTING_TRIGGER", true, "/settings#routing")]), calls) },
    );
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(screen.queryByTestId("onboarding-checklist")).toBeNull();
  });
});
