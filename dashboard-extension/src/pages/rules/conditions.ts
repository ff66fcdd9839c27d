/**
 * The condition builder's model and its translation to and from the rules API's JSON:
 * `{"all"|"any": [...]}`, `{"not": node}` and comparisons `{"field", "op", "value", "key"?, "currency"?}`
 * (money fields name the ISO 4217 currency of their amount).
 * Values are typed by the field (`ruleFields`): numbers and hours as numbers, lists for
 * `in` / `not_in` and set fields, booleans for boolean fields and `is_null` / `exists`.
 */

import type { RuleField } from "./rule";

export interface Comparison {
  kind: "comparison";
  field: string;
  op: string;
  /** As typed: "20", "US, CA", "true". */
  value: string;
  key?: string;
  /** Money fields: the ISO 4217 code the amount is in. */
  currency?: string;
}

export interface Group {
  kind: "group";
  mode: "all" | "any";
  negate: boolean;
  items: ConditionNode[];
}

export type ConditionNode = Comparison | Group;

export type ConditionJSON =
  | { all: ConditionJSON[] }
  | { any: ConditionJSON[] }
  | { not: ConditionJSON }
  | { field: string; op: string; value: unknown; key?: string; currency?: string };

export function emptyGroup(mode: "all" | "any" = "all"): Group {
  return { kind: "group", mode, negate: false, items: [] };
}

export function newComparison(field: RuleField | undefined): Comparison {
  return { kind: "comparison", field: field?.name ?? "", op: field?.operators[0] ?? "eq", value: "" };
}

export function takesBoolean(field: RuleField | undefined, op: string): boolean {
  return op === "is_null" || op === "exists" || field?.type === "boolean";
}

export function takesList(field: RuleField | undefined, op: string): boolean {
  return op === "in" || op === "not_in" || field?.type === "set";
}

export function typedValue(field: RuleField | undefined, op: string, raw: string): unknown {
  if (takesBoolean(field, op)) return raw.trim().toLowerCase() !== "false";
  if (field?.type === "number" || field?.type === "hours") {
    const number = Number(raw);
    return raw.trim() === "" || Number.isNaN(number) ? raw : number;
  }
  if (takesList(field, op)) {
    return raw
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
  }
  return raw;
}

export function toConditionJSON(node: ConditionNode, fields: RuleField[]): ConditionJSON {
  if (node.kind === "comparison") {
    const field = fields.find((candidate) => candidate.name === node.field);
    const json: ConditionJSON = { field: node.field, op: node.op, value: typedValue(field, node.op, node.value) };
    const keyed = field?.type === "map" ? { ...json, key: node.key ?? "" } : json;
    return field?.money ? { ...keyed, currency: (node.currency ?? "").trim().toUpperCase() } : keyed;
  }
  const items = node.items.map((item) => toConditionJSON(item, fields));
  const group: ConditionJSON = node.mode === "all" ? { all: items } : { any: items };
  return node.negate ? { not: group } : group;
}

function rawValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(", ");
  if (value === null || value === undefined) return "";
  return String(value);
}

/** The builder's model of a stored condition; anything unknown becomes an empty group. */
export function fromConditionJSON(json: unknown): Group {
  const node = parseNode(json);
  if (node.kind === "group") return node;
  return { kind: "group", mode: "all", negate: false, items: [node] };
}

function parseNode(json: unknown): ConditionNode {
  if (!json || typeof json !== "object") return emptyGroup();
  const value = json as Record<string, unknown>;
  if (Array.isArray(value.all)) return { kind: "group", mode: "all", negate: false, items: value.all.map(parseNode) };
  if (Array.isArray(value.any)) return { kind: "group", mode: "any", negate: false, items: value.any.map(parseNode) };
  if (value.not && typeof value.not === "object") {
    const inner = parseNode(value.not);
    if (inner.kind === "group") return { ...inner, negate: !inner.negate };
    return { kind: "group", mode: "all", negate: true, items: [inner] };
  }
  if (typeof value.field === "string") {
    return {
      kind: "comparison",
      field: value.field,
      op: typeof value.op === "string" ? value.op : "eq",
      value: rawValue(value.value),
      ...(typeof value.key === "string" ? { key: value.key } : {}),
      ...(typeof value.currency === "string" ? { currency: value.currency } : {}),
    };
  }
  return emptyGroup();
}
