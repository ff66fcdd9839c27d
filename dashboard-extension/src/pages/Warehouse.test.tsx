import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { describe, expect, it } from "vitest";

import { answering, callsOf, connection, type Call } from "../test/answers";
import { renderWithApp } from "../test/render";
import { WarehousePage } from "./Warehouse";

const BERLIN = { id: "TG9jOjE=", saleorId: "V2g6MQ==", name: "Berlin", city: "Berlin", country: "DE", kind: "SALEOR_WAREHOUSE" };
const SOHO = { id: "TG9jOjI=", saleorId: null, name: "Soho", city: "London", country: "GB", kind: "STORE" };

function Where() {
  const { pathname, search } = useLocation();
  return <span data-testid="where">{`${pathname}${search}`}</span>;
}

describe("the warehouse page", { timeout: 30000 }, () => {
  it("shows one location's section, chosen in the address", async () => {
    const user = userEvent.setup();
    const calls: Call[] = [];
    renderWithApp(
      <MemoryRouter initialEntries={[`/warehouse/pack?location=${SOHO.id}`]}>
        <Routes>
          <Route path="warehouse/*" element={<><WarehousePage /><Where /></>} />
        </Routes>
      </MemoryRouter>,
      {
        client: answering(
          {
            Locations: { locations: connection([BERLIN, SOHO]) },
            Carriers: { carriers: [] },
            PackBoxes: { warehouseLayout: { boxTypes: [] } },
            ReleasesWaiting: { warehouseReleases: connection([]) },
            Waves: { waves: connection([]) },
          },
          calls,
        ),
      },
    );
    expect(await screen.findByText("Pack station · Soho")).toBeTruthy();
    expect(screen.getByLabelText("Scan")).toBeTruthy();
    expect(callsOf(calls, "PackBoxes")).toEqual([{ locationId: SOHO.id }]);

    await user.click(within(screen.getByRole("navigation", { name: "Warehouse" })).getByText("Waves & batches"));
    expect(screen.getByTestId("where").textContent).toBe(`/warehouse/waves?location=${encodeURIComponent(SOHO.id)}`);
    await user.selectOptions(screen.getByLabelText("Location"), BERLIN.id);
    expect(screen.getByTestId("where").textContent).toBe(`/warehouse/waves?location=${encodeURIComponent(BERLIN.id)}`);
    await screen.findByText("No waves yet");
    expect(callsOf(calls, "Waves").at(-1)).toEqual({ locationId: BERLIN.id });
  });
});
