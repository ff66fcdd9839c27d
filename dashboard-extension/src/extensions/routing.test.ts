import { describe, expect, it } from "vitest";

import { appPageLink, appRouteFromDashboardPath, isEmbeddedView, routeForDashboard, withoutBasename } from "./routing";

const PAGES = ["overview", "orders", "routing", "settings"];

describe("routing between the Dashboard and the app", () => {
  it("knows the app's root and its views with or without a trailing slash", () => {
    expect(withoutBasename("/app")).toBe("/");
    expect(withoutBasename("/app/")).toBe("/");
    expect(withoutBasename("/app/widgets/order")).toBe("/widgets/order");
    expect(isEmbeddedView(withoutBasename("/app/widgets/order/"))).toBe(true);
    expect(isEmbeddedView("/actions/route")).toBe(true);
    expect(isEmbeddedView("/widgets")).toBe(true);
    expect(isEmbeddedView("/orders")).toBe(false);
    expect(isEmbeddedView("/widgetsettings")).toBe(false);
  });

  it("follows a Dashboard redirect only to one of the app page's own pages", () => {
    // what Dashboard 3.23 sends: its whole pathname
    expect(appRouteFromDashboardPath("/dashboard/extensions/app/QXBwOjE%3D/orders", PAGES)).toBe("/orders");
    expect(appRouteFromDashboardPath("/extensions/app/QXBwOjE%3D/routing/sets", PAGES)).toBe("/routing/sets");
    expect(appRouteFromDashboardPath("/dashboard/apps/QXBwOjE%3D/app/settings", PAGES)).toBe("/settings");
    expect(appRouteFromDashboardPath("/orders", PAGES)).toBe("/orders");
    // the app's root, the Dashboard's order page (seen by a widget), anything else: stay
    expect(appRouteFromDashboardPath("/dashboard/extensions/app/QXBwOjE%3D", PAGES)).toBeUndefined();
    expect(appRouteFromDashboardPath("/dashboard/orders/T3JkZXI6MQ%3D%3D", PAGES)).toBeUndefined();
    expect(appRouteFromDashboardPath("/dashboard/", PAGES)).toBeUndefined();
  });

  it("reports its route without the Dashboard's context, so reloads do not pile it up", () => {
    const search = "?number=1042&domain=127.0.0.1%3A8000&saleorApiUrl=x&id=QXBwOjE%3D&featureFlags%5Ba%5D%5Benabled%5D=false&theme=light";
    expect(routeForDashboard("/orders", search)).toBe("/orders?number=1042");
    expect(routeForDashboard("/overview", "?domain=a&id=b&theme=dark")).toBe("/overview");
  });

  it("names the app page's routes by the Dashboard address", () => {
    expect(appPageLink("QXBwOjE=", "/orders?number=1042")).toBe("/extensions/app/QXBwOjE%3D/orders?number=1042");
    expect(appPageLink("QXBwOjE=", "overview")).toBe("/extensions/app/QXBwOjE%3D/overview");
  });
});
