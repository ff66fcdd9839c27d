/** The Insights page's documents: figures, drill-down, export, returns, stock health and settings. */

import { graphql } from "../../api/graphql";

export const INSIGHTS_FIGURES = graphql(`
fragment InsightsFigures on OmsInsightsFigures {
  orders cancelledOrders lines units grossTotal netTotal shippedOrders splitOrders shipments splitRate shipmentsPerOrder
  firstPlanCompleteOrders fillRate routingCost routingSaving shippedWithPromise shippedOnTime onTimeRate
  backorderedOrders backorderedUnits shortPicks
  cycleTimes {
    paidToRouted { count p50Hours p90Hours }
    routedToShipped { count p50Hours p90Hours }
    paidToShipped { count p50Hours p90Hours }
  }
}`);

export const INSIGHTS = graphql(`
query Insights($range: OmsDateRangeInput, $groupBy: OmsInsightsGroupBy, $channel: String, $currency: String, $locationId: ID) {
  insights(range: $range, groupBy: $groupBy, channel: $channel, currency: $currency, locationId: $locationId) {
    range { gte lte }
    previousRange { gte lte }
    rows { period channel location locationName currency figures { ...InsightsFigures } }
    totals { currency current { ...InsightsFigures } previous { ...InsightsFigures } }
    reportingCurrency
    reportingTotals { currency current { ...InsightsFigures } previous { ...InsightsFigures } }
    unconvertedCurrencies
  }
}`, INSIGHTS_FIGURES);

export const INSIGHTS_ORDERS = graphql(`
query InsightsOrders(
  $range: OmsDateRangeInput!, $figure: OmsInsightsDrill, $channel: String, $currency: String, $locationId: ID, $first: Int, $after: String
) {
  insightsOrders(range: $range, figure: $figure, channel: $channel, currency: $currency, locationId: $locationId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { saleorId number channel currency total status createdAt shipments } }
  }
}`);

export const INSIGHTS_EXPORT = graphql(`
query InsightsExport($range: OmsDateRangeInput, $groupBy: OmsInsightsGroupBy, $channel: String, $currency: String, $format: OmsExportFormat!) {
  insightsExport(range: $range, groupBy: $groupBy, channel: $channel, currency: $currency, format: $format) { url filename contentType expiresAt }
}`);

export const INSIGHTS_RETURNS = graphql(`
query InsightsReturns($range: OmsDateRangeInput, $channel: String, $first: Int) {
  insightsReturns(range: $range, channel: $channel, first: $first) {
    range { gte lte }
    refunds { currency amount }
    topReasons { reason count }
    products { variantId sku productName unitsSold unitsReturned returnRate topReasons { reason count } }
  }
}`);

export const INSIGHTS_STOCK = graphql(`
query InsightsStock($locationId: ID, $filter: OmsStockHealthFilter, $first: Int) {
  insightsStock(locationId: $locationId, filter: $filter, first: $first) {
    asOf
    stockOutsLast30Days
    items {
      variantId sku locationId locationName onHand dailyDemand daysOfCover lastSoldAt lastReceivedAt
      agedDays overstockedUnits stockOutDaysLast30 liquidationCandidate reasons
    }
  }
}`);

export const EXCHANGE_RATE = graphql(`fragment ExchangeRate on OmsExchangeRate { id currency reportingCurrency rate validFrom }`);
export const REPORT_SCHEDULE = graphql(`
fragment ReportSchedule on OmsInsightsReportSchedule { id name recipients frequency format channel lastSentAt nextSendAt }`);

export const INSIGHTS_SETTINGS = graphql(`
query InsightsSettings {
  insights { reportingCurrency }
  tenantSettings { insights { timeZone } }
  exchangeRates(first: 100) { ...ExchangeRate }
  insightsReportSchedules { ...ReportSchedule }
}`, EXCHANGE_RATE, REPORT_SCHEDULE);

export const REPORTING_CURRENCY_SET = graphql(`
mutation ReportingCurrencySet($currency: String) {
  insightsReportingCurrencySet(currency: $currency) { reportingCurrency errors { field message code } }
}`);
/** The reporting time zone is a tenant setting (`insights.time_zone`): saved as every setting is. */
export const REPORTING_TIME_ZONE_SET = graphql(`
mutation ReportingTimeZoneSet($timeZone: String) {
  tenantSettingsUpdate(input: { insights: { timeZone: $timeZone } }) { settings { insights { timeZone } } errors { field message code } }
}`);
export const EXCHANGE_RATE_SET = graphql(`
mutation ExchangeRateSet($input: OmsExchangeRateInput!) { exchangeRateSet(input: $input) { rate { ...ExchangeRate } errors { field message code } } }`, EXCHANGE_RATE);
export const EXCHANGE_RATE_DELETE = graphql(`
mutation ExchangeRateDelete($id: ID!) { exchangeRateDelete(id: $id) { rate { id } errors { field message code } } }`);
export const REPORT_SCHEDULE_SAVE = graphql(`
mutation ReportScheduleSave($input: OmsInsightsReportScheduleInput!) {
  insightsReportScheduleSave(input: $input) { schedule { ...ReportSchedule } errors { field message code } }
}`, REPORT_SCHEDULE);
export const REPORT_SCHEDULE_DELETE = graphql(`
mutation ReportScheduleDelete($id: ID!) { insightsReportScheduleDelete(id: $id) { schedule { id } errors { field message code } } }`);
