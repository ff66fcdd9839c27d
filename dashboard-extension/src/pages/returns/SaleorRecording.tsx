/** How a completed return stands in Saleor: waiting for Saleor, or refused with Saleor's code and message (and a retry). */

import { Box, Button, Text } from "@saleor/macaw-ui";

import { graphql } from "../../api/graphql";
import type { ReturnRequestFragment } from "../../api/generated/operations";

export const RETRY_SALEOR = graphql(`
mutation RetrySaleor($id: ID!) {
  returnRequestRetrySaleor(id: $id) { returnRequest { id status saleorState saleorErrorCode saleorError } errors { field message code } }
}`);

export function SaleorRecording({ item, busy, onRetry }: { item: ReturnRequestFragment; busy: boolean; onRetry: () => void }) {
  if (item.saleorState === "pending") {
    return (
      <Text size={2} color="default2" data-testid="return-saleor-pending">
        Sent to Saleor: the return completes once Saleor accepts it.
      </Text>
    );
  }
  if (item.saleorState !== "failed") return null;
  return (
    <Box display="flex" flexDirection="column" gap={2} data-testid="return-saleor-failed">
      <Text color="critical1" fontWeight="bold">
        Saleor refused this return ({item.saleorErrorCode || "error"}); it is not completed and nobody was refunded yet.
      </Text>
      <Text size={2}>{item.saleorError}</Text>
      <Box>
        <Button variant="secondary" disabled={busy} onClick={onRetry}>
          Retry in Saleor
        </Button>
      </Box>
    </Box>
  );
}
