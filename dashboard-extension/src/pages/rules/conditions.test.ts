import { describe, expect, it } from "vitest";

import { fromConditionJSON, toConditionJSON, type Group } from "./conditions";
import type { RuleField } from "./rule";

const FIELDS: RuleField[] = [
  { name: "total_gross", type: "number", operators: ["eq", "gt", "gte", "lt", "lte", "ne"], description: "", money: false },
  { name: "shipping_country", type: "string", operators: ["eq", "in", "not_in", "ne"], description: "", money: false },
  { name: "is_paid", type: "boolean", operators: ["eq"], description: "", money: false },
  { name: "flags", type: "set", operators: ["contains_all", "contains_any", "contains_none"], description: "", money: false },
  { name: "hours_since_paid", type: "hours", operators: ["gt", "gte", "is_null", "lt", "lte"], description: "", money: false },
  { name: "metadata", type: "map", operators: ["contains", "eq", "exists", "in", "ne", "not_in"], description: "", money: false },
];

describe("the condition builder's JSON", () => {
  it("names the currency of a money comparison, and reads it back", () => {
    const money: RuleField[] = [{ ...FIELDS[0], money: true }];
    const group: Group = {
      kind: "group",
      mode: "all",
      negate: false,
      items: [{ kind: "comparison", field: "total_gross", op: "gte", value: "1000", currency: " usd" }],
    };
    const json = { all: [{ field: "total_gross", op: "gte", value: 1000, currency: "USD" }] };

    expect(toConditionJSON(group, money)).toEqual(json);
    expect(fromConditionJSON(json).items).toEqual([
      { kind: "comparison", field: "total_gross", op: "gte", value: "1000", currency: "USD" },
    ]);
  });

  it("types each value the way the rules API expects it", () => {
    const group: Group = {
      kind: "group",
      mode: "all",
      negate: false,
      items: [
        { kind: "comparison", field: "total_gross", op: "gt", value: "150.5" },
        { kind: "comparison", field: "shipping_country", op: "in", value: "US, CA ,, MX" },
        { kind: "comparison", field: "is_paid", op: "eq", value: "false" },
        { kind: "comparison", field: "flags", op: "contains_any", value: "SLA breach" },
        { kind: "comparison", field: "hours_since_paid", op: "is_null", value: "true" },
        { kind: "comparison", field: "metadata", op: "eq", value: "vip", key: "segment" },
        {
          kind: "group",
          mode: "any",
          negate: true,
          items: [{ kind: "comparison", field: "shipping_country", op: "eq", value: "DE" }],
        },
      ],
    };

    expect(toConditionJSON(group, FIELDS)).toEqual({
      all: [
        { field: "total_gross", op: "gt", value: 150.5 },
        { field: "shipping_country", op: "in", value: ["US", "CA", "MX"] },
        { field: "is_paid", op: "eq", value: false },
        { field: "flags", op: "contains_any", value: ["SLA breach"] },
        { field: "hours_since_paid", op: "is_null", value: true },
        { field: "metadata", op: "eq", value: "vip", key: "segment" },
        { not: { any: [{ field: "shipping_country", op: "eq", value: "DE" }] } },
      ],
    });
  });

  it("reads a stored condition back into the same JSON", () => {
    const stored = {
      any: [
        { field: "hours_since_paid", op: "gt", value: 336 },
        { not: { all: [{ field: "shipping_country", op: "in", value: ["US", "CA"] }] } },
        { field: "metadata", op: "exists", value: true, key: "gift" },
      ],
    };
    expect(toConditionJSON(fromConditionJSON(stored), FIELDS)).toEqual(stored);
  });

  it("wraps a lone comparison and treats nonsense as an empty group", () => {
    expect(toConditionJSON(fromConditionJSON({ field: "total_gross", op: "lt", value: 5 }), FIELDS)).toEqual({
      all: [{ field: "total_gross", op: "lt", value: 5 }],
    });
    expect(toConditionJSON(fromConditionJSON("garbage"), FIELDS)).toEqual({ all: [] });
  });
});
