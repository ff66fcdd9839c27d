/**
 * The onboarding checklist on the Overview: what still keeps the OMS from working in this
 * store (manual routing, locations without coordinates, channels without rules or a return
 * policy, permissions Saleor did not grant), each with a link to where it is fixed. Items close
 * by themselves once the store is fixed; with nothing open the card is not shown.
 */

import { Box, Text } from "@saleor/macaw-ui";
import { Link } from "react-router-dom";

import { graphql } from "../api/graphql";
import type { OnboardingChecklistQuery } from "../api/generated/operations";
import { useQuery } from "../app/hooks";
import { Card } from "./ui";

export const ONBOARDING_CHECKLIST = graphql(`query OnboardingChecklist { onboardingChecklist { openCount items { code done title detail link } } }`);

export type OnboardingItem = OnboardingChecklistQuery["onboardingChecklist"]["items"][number];

export function OnboardingChecklist() {
  // Quiet: the checklist helps, it must not alarm a viewer who cannot read it.
  const checklist = useQuery(ONBOARDING_CHECKLIST, {}, { quiet: true });
  const items = checklist.data?.onboardingChecklist.items ?? [];
  const open = items.filter((item) => !item.done);
  if (open.length === 0) return null;
  return (
    <Box data-testid="onboarding-checklist">
      <Card title={`Finish setting up (${items.length - open.length} of ${items.length} done)`}>
        <Box as="ul" display="flex" flexDirection="column" gap={3} style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {open.map((item) => (
            <Box as="li" key={item.code} data-testid={`onboarding-${item.code}`} display="flex" flexDirection="column" gap={1}>
              <Link to={item.link}>
                <Text fontWeight="bold">{item.title}</Text>
              </Link>
              <Text size={2} color="default2">
                {item.detail}
              </Text>
            </Box>
          ))}
        </Box>
      </Card>
    </Box>
  );
}
