/**
 * Date ranges of the Insights page: days in UTC (as the server's rollups count them), a preset
 * is the last N days with today included, and a chart's bar stands for the days of its period
 * within the range asked for.
 */

export interface DayRange {
  gte: string;
  lte: string;
}

export type GroupBy = "DAY" | "WEEK" | "MONTH" | "CHANNEL" | "LOCATION";

export const PRESETS = [7, 30, 90] as const;

/** The server refuses longer ranges. */
export const MAX_DAYS = 731;

/** `YYYY-MM-DD` of a moment, in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDay(date);
}

/** Days from `gte` to `lte`, both included. */
export function dayCount({ gte, lte }: DayRange): number {
  return Math.round((Date.parse(`${lte}T00:00:00Z`) - Date.parse(`${gte}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The last `days` days, today (UTC) included. */
export function presetRange(days: number, today: Date = new Date()): DayRange {
  const lte = isoDay(today);
  return { gte: addDays(lte, -(days - 1)), lte };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Why a custom range cannot be asked for, or undefined when it can. */
export function rangeProblem(range: DayRange): string | undefined {
  if (!DAY.test(range.gte) || !DAY.test(range.lte) || Number.isNaN(Date.parse(range.gte)) || Number.isNaN(Date.parse(range.lte))) {
    return "Choose both days.";
  }
  if (range.gte > range.lte) return "The first day is after the last.";
  if (dayCount(range) > MAX_DAYS) return `At most ${MAX_DAYS} days.`;
  return undefined;
}

/**
 * The days a period row stands for (a day, the week starting that Monday, the month starting
 * that day), within `within`: what its drill-down lists.
 */
export function periodRange(period: string, groupBy: GroupBy, within: DayRange): DayRange {
  let lte = period;
  if (groupBy === "WEEK") lte = addDays(period, 6);
  if (groupBy === "MONTH") {
    const start = new Date(`${period}T00:00:00Z`);
    lte = isoDay(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)));
  }
  return { gte: period > within.gte ? period : within.gte, lte: lte < within.lte ? lte : within.lte };
}
