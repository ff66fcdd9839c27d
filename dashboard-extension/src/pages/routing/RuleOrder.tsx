/** The rules of a rule set, ranked by drag and drop (or the arrow buttons, for keyboards). */

import { useState } from "react";
import { Box, Button, Text } from "@saleor/macaw-ui";

import { moveItem, ruleLabel, ruleSummary, type RoutingRule } from "./ruleList";

export function RuleOrder({
  rules,
  onChange,
  disabled,
}: {
  rules: RoutingRule[];
  onChange: (rules: RoutingRule[]) => void;
  disabled?: boolean;
}) {
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);

  return (
    <Box as="ol" display="flex" flexDirection="column" gap={2} padding={0} margin={0} data-testid="rule-order" style={{ listStyle: "none" }}>
      {rules.map((rule, index) => (
        <Box
          as="li"
          key={`${rule.type}-${index}`}
          draggable={!disabled}
          onDragStart={(event) => {
            setDragging(index);
            event.dataTransfer.effectAllowed = "move";
            event.dataTransfer.setData("text/plain", String(index));
          }}
          onDragOver={(event) => {
            event.preventDefault();
            setOver(index);
          }}
          onDragLeave={() => setOver(null)}
          onDrop={(event) => {
            event.preventDefault();
            const from = dragging ?? Number(event.dataTransfer.getData("text/plain"));
            setDragging(null);
            setOver(null);
            onChange(moveItem(rules, from, index));
          }}
          onDragEnd={() => {
            setDragging(null);
            setOver(null);
          }}
          display="flex"
          alignItems="center"
          gap={3}
          padding={3}
          borderRadius={3}
          borderWidth={1}
          borderStyle="solid"
          borderColor={over === index ? "accent1" : "default1"}
          backgroundColor={dragging === index ? "default1Hovered" : "default1"}
          style={{ cursor: disabled ? "default" : "grab" }}
          data-testid={`rule-${rule.type}`}
          aria-label={`${index + 1}. ${ruleLabel(rule)}`}
        >
          <Text color="default2" aria-hidden>
            ⋮⋮
          </Text>
          <Text fontWeight="bold" style={{ minWidth: 24 }}>
            {index + 1}
          </Text>
          <Box display="flex" flexDirection="column" flexGrow="1">
            <Text fontWeight="medium">{ruleLabel(rule)}</Text>
            <Text size={2} color="default2">
              {ruleSummary(rule) || rule.type}
            </Text>
          </Box>
          <Button
            variant="tertiary"
            size="small"
            disabled={disabled || index === 0}
            aria-label={`Move ${ruleLabel(rule)} up`}
            onClick={() => onChange(moveItem(rules, index, index - 1))}
          >
            ↑
          </Button>
          <Button
            variant="tertiary"
            size="small"
            disabled={disabled || index === rules.length - 1}
            aria-label={`Move ${ruleLabel(rule)} down`}
            onClick={() => onChange(moveItem(rules, index, index + 1))}
          >
            ↓
          </Button>
        </Box>
      ))}
    </Box>
  );
}
