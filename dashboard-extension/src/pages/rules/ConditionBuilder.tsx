/** Conditions as a form: groups (all / any, optionally negated) of comparisons on whitelisted fields. */

import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { Select } from "../../components/ui";
import { emptyGroup, newComparison, takesBoolean, takesList, type Comparison, type ConditionNode, type Group } from "./conditions";
import type { RuleField } from "./rule";

const OPERATOR_LABELS: Record<string, string> = {
  eq: "is",
  ne: "is not",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  in: "is one of",
  not_in: "is none of",
  contains: "contains",
  starts_with: "starts with",
  ends_with: "ends with",
  contains_any: "contains any of",
  contains_all: "contains all of",
  contains_none: "contains none of",
  is_null: "is unknown",
  exists: "exists",
};

export function ConditionBuilder({
  group,
  fields,
  onChange,
  depth = 0,
  onRemove,
}: {
  group: Group;
  fields: RuleField[];
  onChange: (group: Group) => void;
  depth?: number;
  onRemove?: () => void;
}) {
  const replaceItem = (index: number, item: ConditionNode) =>
    onChange({ ...group, items: group.items.map((current, position) => (position === index ? item : current)) });
  const removeItem = (index: number) => onChange({ ...group, items: group.items.filter((_, position) => position !== index) });

  return (
    <Box
      display="flex"
      flexDirection="column"
      gap={3}
      padding={3}
      borderRadius={3}
      borderWidth={1}
      borderStyle="solid"
      borderColor="default1"
      data-testid={`condition-group-${depth}`}
    >
      <Box display="flex" gap={2} alignItems="flex-end" flexWrap="wrap">
        <Select
          label={depth === 0 ? "Match" : "Group matches"}
          value={`${group.negate ? "not-" : ""}${group.mode}`}
          onChange={(event) => {
            const [negate, mode] = event.target.value.startsWith("not-") ? [true, event.target.value.slice(4)] : [false, event.target.value];
            onChange({ ...group, negate, mode: mode as Group["mode"] });
          }}
          options={[
            { value: "all", label: "all of these" },
            { value: "any", label: "any of these" },
            { value: "not-all", label: "not all of these" },
            { value: "not-any", label: "none of these" },
          ]}
        />
        <Button variant="secondary" size="small" onClick={() => onChange({ ...group, items: [...group.items, newComparison(fields[0])] })}>
          Add condition
        </Button>
        {depth < 2 && (
          <Button variant="tertiary" size="small" onClick={() => onChange({ ...group, items: [...group.items, emptyGroup("any")] })}>
            Add group
          </Button>
        )}
        {onRemove && (
          <Button variant="tertiary" size="small" onClick={onRemove}>
            Remove group
          </Button>
        )}
      </Box>
      {group.items.length === 0 && (
        <Text size={2} color="default2">
          {depth === 0 ? "No conditions: the rule fires on every order of its trigger." : "An empty group is refused: add a condition."}
        </Text>
      )}
      {group.items.map((item, index) =>
        item.kind === "group" ? (
          <ConditionBuilder
            key={index}
            group={item}
            fields={fields}
            depth={depth + 1}
            onChange={(next) => replaceItem(index, next)}
            onRemove={() => removeItem(index)}
          />
        ) : (
          <ComparisonRow key={index} index={index} comparison={item} fields={fields} onChange={(next) => replaceItem(index, next)} onRemove={() => removeItem(index)} />
        ),
      )}
    </Box>
  );
}

function ComparisonRow({
  comparison,
  fields,
  index,
  onChange,
  onRemove,
}: {
  comparison: Comparison;
  fields: RuleField[];
  index: number;
  onChange: (comparison: Comparison) => void;
  onRemove: () => void;
}) {
  const field = fields.find((candidate) => candidate.name === comparison.field);
  const operators = field?.operators ?? [comparison.op];
  return (
    <Box display="flex" gap={2} alignItems="flex-end" flexWrap="wrap" data-testid={`condition-${index}`}>
      <Select
        label="Field"
        value={comparison.field}
        onChange={(event) => {
          const next = fields.find((candidate) => candidate.name === event.target.value);
          const op = next && next.operators.includes(comparison.op) ? comparison.op : next?.operators[0] ?? "eq";
          onChange({
            kind: "comparison",
            field: event.target.value,
            op,
            value: "",
            ...(next?.type === "map" ? { key: "" } : {}),
            ...(next?.money ? { currency: "" } : {}),
          });
        }}
        options={fields.map((candidate) => ({ value: candidate.name, label: candidate.name.replace(/_/g, " ") }))}
        title={field?.description}
      />
      {field?.type === "map" && (
        <Input label="Key" size="small" value={comparison.key ?? ""} onChange={(event) => onChange({ ...comparison, key: event.target.value })} />
      )}
      <Select
        label="Operator"
        value={comparison.op}
        onChange={(event) => onChange({ ...comparison, op: event.target.value })}
        options={operators.map((op) => ({ value: op, label: OPERATOR_LABELS[op] ?? op }))}
      />
      {takesBoolean(field, comparison.op) ? (
        <Select
          label="Value"
          value={comparison.value === "false" ? "false" : "true"}
          onChange={(event) => onChange({ ...comparison, value: event.target.value })}
          options={[
            { value: "true", label: "yes" },
            { value: "false", label: "no" },
          ]}
        />
      ) : (
        <Input
          label={takesList(field, comparison.op) ? "Values (comma separated)" : field?.type === "hours" ? "Hours" : "Value"}
          size="small"
          type={field?.type === "number" || field?.type === "hours" ? "number" : "text"}
          value={comparison.value}
          onChange={(event) => onChange({ ...comparison, value: event.target.value })}
        />
      )}
      {field?.money && (
        <Input
          label="Currency"
          size="small"
          value={comparison.currency ?? ""}
          onChange={(event) => onChange({ ...comparison, currency: event.target.value })}
        />
      )}
      <Button variant="tertiary" size="small" onClick={onRemove} aria-label={`Remove condition ${index + 1}`}>
        ×
      </Button>
    </Box>
  );
}
