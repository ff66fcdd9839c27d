/**
 * A failed request or refused mutation, shown where it happened: a missing permission says so
 * (the OMS answers PERMISSION_DENIED with the permissions it needs), a refused input lists its
 * field errors with their codes, anything else its message.
 */

import { Box, Text } from "@saleor/macaw-ui";

import { GraphQLRequestError, PayloadError, errorMessage, type FieldError } from "../../api/client";
import { FieldErrors } from "../../components/forms";

export type Problem = { kind: "permission"; message: string } | { kind: "refused"; errors: FieldError[] } | { kind: "failed"; message: string };

export function problemOf(caught: unknown): Problem {
  if (caught instanceof PayloadError) return { kind: "refused", errors: caught.errors };
  if (caught instanceof GraphQLRequestError && caught.codes.includes("PERMISSION_DENIED")) return { kind: "permission", message: caught.message };
  return { kind: "failed", message: errorMessage(caught) };
}

export function ProblemView({ problem }: { problem: Problem | undefined }) {
  if (!problem) return null;
  if (problem.kind === "refused") return <FieldErrors errors={problem.errors} />;
  return (
    <Box role="alert" data-testid={`problem-${problem.kind}`} padding={3} borderRadius={3} backgroundColor="critical1" display="flex" flexDirection="column" gap={1}>
      <Text size={2} fontWeight="bold" color="critical2">
        {problem.kind === "permission" ? "Missing permission" : "Failed"}
      </Text>
      <Text size={2} color="critical2">
        {problem.message}
      </Text>
    </Box>
  );
}
