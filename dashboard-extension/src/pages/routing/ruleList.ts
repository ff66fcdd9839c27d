/** Rule-set documents as the routing engine reads them: `{"rules": [...], ...}`, applied in order. */

export interface RoutingRule {
  type: string;
  [param: string]: unknown;
}

export interface RuleSetDocument {
  rules: RoutingRule[];
  [key: string]: unknown;
}

export function parseDocument(json: string): RuleSetDocument {
  const parsed = JSON.parse(json) as Partial<RuleSetDocument>;
  return { ...parsed, rules: Array.isArray(parsed.rules) ? parsed.rules : [] };
}

/** The list with the item at `from` moved to `to` (both indexes into the original list). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length) return [...items];
  const next = [...items];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved);
  return next;
}

const RULE_LABELS: Record<string, string> = {
  pickup_at_chosen_location: "Pickup at the chosen location",
  exclude_locations: "Exclude locations",
  capacity_and_cutoff: "Capacity and cut-off",
  keep_together: "Keep the order together",
  same_market: "Ship within the market",
  location_priority: "Location priority",
  fewest_shipments: "Fewest shipments",
  lowest_cost: "Lowest cost",
  nearest: "Nearest location",
  highest_stock: "Highest stock",
};

export function ruleLabel(rule: RoutingRule): string {
  return RULE_LABELS[rule.type] ?? rule.type.replace(/_/g, " ");
}

/** The rule's parameters in one line ("tags: store · when: 1 condition"). */
export function ruleSummary(rule: RoutingRule): string {
  return Object.entries(rule)
    .filter(([key, value]) => key !== "type" && value !== null && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => {
      if (key === "when" && Array.isArray(value)) return `when: ${value.length} condition${value.length === 1 ? "" : "s"}`;
      if (Array.isArray(value)) return `${key}: ${value.map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item))).join(", ")}`;
      if (typeof value === "object") return `${key}: ${JSON.stringify(value)}`;
      return `${key}: ${String(value)}`;
    })
    .join(" · ");
}
