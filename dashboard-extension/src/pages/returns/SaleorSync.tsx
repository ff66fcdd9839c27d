/**
 * Where recording a completed return in Saleor stands, and a retry when it failed or stalled
 * (`returnRequestRetrySaleor`: what Saleor already holds is adopted, never redone).
 */

import { Box, Button, Text } from "@saleor/macaw-ui";

import type { Payload } from "../../api/types";
import { useQuery } from "../../app/hooks";
import { useMutation } from "../../app/mutation";
import { FieldErrors } from "../../components/forms";
import { StatusChip } from "../../components/ui";

export const RETURN_SALEOR_STATE = `query ReturnSaleorState($id: ID!) { returnRequest(id: $id) { id saleorState saleorError } }`;
export const RETURN_RETRY_SALEOR = `
mutation ReturnRetrySaleor($id: ID!) { returnRequestRetrySaleor(id: $id) { returnRequest { id saleorState saleorError } errors { field message code } } }`;

export function ReturnSaleorSync({ id, rmaNumber }: { id: string; rmaNumber: string }) {
  const query = useQuery<{ returnRequest: { id: string; saleorState: string; saleorError: string } | null }>(RETURN_SALEOR_STATE, { id }, { quiet: true });
  const { busy, errors, mutate } = useMutation();
  const state = query.data?.returnRequest;
  if (!state || state.saleorState === "none") return null;
  const retry = async () => {
    const done = await mutate<Payload>(RETURN_RETRY_SALEOR, { id }, "returnRequestRetrySaleor", `${rmaNumber}: recording in Saleor again`);
    if (done) query.reload();
  };
  return (
    <Box display="flex" flexDirection="column" gap={2} data-testid="return-saleor-sync">
      <Box display="flex" gap={2} alignItems="center">
        <Text size={2} color="default2">
          In Saleor:
        </Text>
        <StatusChip status={state.saleorState} />
        {state.saleorState !== "done" && (
          <Button size="small" variant="secondary" disabled={busy} onClick={retry}>
            Retry in Saleor
          </Button>
        )}
      </Box>
      {state.saleorError && <Text size={2} color="critical1">{state.saleorError}</Text>}
      <FieldErrors errors={errors} />
    </Box>
  );
}
