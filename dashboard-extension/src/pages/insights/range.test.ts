import { describe, expect, it } from "vitest";

import { dayCount, periodRange, presetRange, rangeProblem } from "./range";

describe("insights date ranges", () => {
  it("a preset is the last N days (UTC), today included", () => {
    const today = new Date("2026-12-02T23:30:00Z");
    expect(presetRange(7, today)).toEqual({ gte: "2026-11-26", lte: "2026-12-02" });
    expect(dayCount(presetRange(90, today))).toBe(90);
  });

  it("a period's drill-down covers its days within the range", () => {
    const within = { gte: "2026-11-04", lte: "2026-12-02" };
    expect(periodRange("2026-11-10", "DAY", within)).toEqual({ gte: "2026-11-10", lte: "2026-11-10" });
    // the week starting Monday 2 November begins before the range
    expect(periodRange("2026-11-02", "WEEK", within)).toEqual({ gte: "2026-11-04", lte: "2026-11-08" });
    expect(periodRange("2026-11-30", "WEEK", within)).toEqual({ gte: "2026-11-30", lte: "2026-12-02" });
    expect(periodRange("2026-11-01", "MONTH", within)).toEqual({ gte: "2026-11-04", lte: "2026-11-30" });
    expect(periodRange("2024-02-01", "MONTH", { gte: "2024-01-01", lte: "2024-12-31" })).toEqual({ gte: "2024-02-01", lte: "2024-02-29" });
  });

  it("refuses a custom range the server would", () => {
    expect(rangeProblem({ gte: "2026-11-01", lte: "2026-11-30" })).toBeUndefined();
    expect(rangeProblem({ gte: "", lte: "2026-11-30" })).toBe("Choose both days.");
    expect(rangeProblem({ gte: "2026-12-01", lte: "2026-11-30" })).toBe("The first day is after the last.");
    expect(rangeProblem({ gte: "2024-01-01", lte: "2026-01-02" })).toBe("At most 731 days.");
  });
});
