/** Figures as the server answers them, for the Insights tests. */

import type { Figures } from "../pages/insights/figures";

const NO_TIMES = { count: 0, p50Hours: null, p90Hours: null };

export function figures(values: Partial<Figures> = {}): Figures {
  return {
    orders: 0,
    cancelledOrders: 0,
    lines: 0,
    units: 0,
    grossTotal: "0.00",
    netTotal: "0.00",
    shippedOrders: 0,
    splitOrders: 0,
    shipments: 0,
    splitRate: null,
    shipmentsPerOrder: null,
    firstPlanCompleteOrders: 0,
    fillRate: null,
    routingCost: "0.00",
    routingSaving: "0.00",
    shippedWithPromise: 0,
    shippedOnTime: 0,
    onTimeRate: null,
    backorderedOrders: 0,
    backorderedUnits: 0,
    shortPicks: 0,
    cycleTimes: { paidToRouted: NO_TIMES, routedToShipped: NO_TIMES, paidToShipped: NO_TIMES },
    ...values,
  };
}
