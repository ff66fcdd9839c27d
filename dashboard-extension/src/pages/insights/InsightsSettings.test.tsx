import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { answering, callsOf, type Call } from "../../test/answers";
import { renderWithApp } from "../../test/render";
import { timeZoneOptions } from "../../components/timeZones";
import { InsightsSettings } from "./InsightsSettings";

function settings(timeZone: string) {
  return {
    insights: { reportingCurrency: null },
    tenantSettings: { insights: { timeZone } },
    exchangeRates: [],
    insightsReportSchedules: [],
  };
}

const zoneSelect = async () => within(await screen.findByTestId("reporting-time-zone")).getByLabelText("Time zone") as HTMLSelectElement;
const saveButton = () => within(screen.getByTestId("reporting-time-zone")).getByRole("button", { name: "Save" }) as HTMLButtonElement;

describe("the reporting time zone", { timeout: 30000 }, () => {
  it("lists the IANA zones with UTC and the saved one, sorted", () => {
    const zones = timeZoneOptions("Etc/GMT+12");
    expect(zones).toContain("UTC");
    expect(zones).toContain("Pacific/Auckland");
    expect(zones).toContain("America/Los_Angeles");
    expect(zones).toContain("Etc/GMT+12");
    expect(zones).toEqual([...zones].sort((a, b) => a.localeCompare(b)));
    expect(new Set(zones).size).toBe(zones.length);
  });

  it("shows the saved zone and saves another through tenantSettingsUpdate", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    let saved = "Pacific/Auckland";
    const client = answering(
      {
        InsightsSettings: () => settings(saved),
        ReportingTimeZoneSet: (variables) => {
          saved = String(variables.timeZone);
          return { tenantSettingsUpdate: { settings: { insights: { timeZone: saved } }, errors: [] } };
        },
      },
      calls,
    );
    renderWithApp(<InsightsSettings />, { client });

    const select = await zoneSelect();
    expect(select.value).toBe("Pacific/Auckland");
    expect(saveButton().disabled).toBe(true); // nothing changed yet

    await user.selectOptions(select, "America/Los_Angeles");
    expect(saveButton().disabled).toBe(false);
    await user.click(saveButton());

    expect(await screen.findByText("Reporting time zone: America/Los_Angeles")).toBeTruthy();
    expect(callsOf(calls, "ReportingTimeZoneSet")).toEqual([{ timeZone: "America/Los_Angeles" }]);
    // read again: the saved zone is the current one, nothing left to save
    await waitFor(() => expect(callsOf(calls, "InsightsSettings")).toHaveLength(2));
    await waitFor(async () => expect((await zoneSelect()).value).toBe("America/Los_Angeles"));
    expect(saveButton().disabled).toBe(true);
  });

  it("shows the API's refusal and keeps the saved zone", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    const refusal = { settings: null, errors: [{ field: "insights.timeZone", message: "Expected an IANA time zone such as Europe/Berlin or UTC.", code: "INVALID_TIME_ZONE" }] };
    const client = answering({ InsightsSettings: settings("UTC"), ReportingTimeZoneSet: { tenantSettingsUpdate: refusal } }, calls);
    renderWithApp(<InsightsSettings />, { client });

    await user.selectOptions(await zoneSelect(), "Europe/Berlin");
    await user.click(saveButton());

    const card = screen.getByTestId("reporting-time-zone").parentElement as HTMLElement;
    expect((await within(card).findByTestId("field-errors")).textContent).toBe("insights.timeZone: Expected an IANA time zone such as Europe/Berlin or UTC. (INVALID_TIME_ZONE)");
    expect(callsOf(calls, "ReportingTimeZoneSet")).toEqual([{ timeZone: "Europe/Berlin" }]);
    expect(callsOf(calls, "InsightsSettings")).toHaveLength(1);
  });
});
