import { useCallback, useState } from "react";

import { PayloadError, payloadOf, type FieldError, type Payload } from "../api/client";
import type { TypedDocument } from "../api/graphql";
import { useApp } from "./AppContext";
import { useAction } from "./hooks";

/**
 * Sends one mutation and keeps the payload's `errors { field message code }` for the form to
 * show next to its fields (the failure is also notified, as every action is). `root` names the
 * mutation field whose payload is returned.
 */
export function useMutation() {
  const { client } = useApp();
  const { busy, run } = useAction();
  const [errors, setErrors] = useState<FieldError[]>([]);

  const mutate = useCallback(
    async <Result extends Record<Root, Payload>, Variables, Root extends string>(
      document: TypedDocument<Result, Variables>,
      variables: Variables,
      root: Root,
      success?: string,
    ): Promise<Result[Root] | undefined> => {
      setErrors([]);
      return run(async () => {
        try {
          const data = await client.request(document, ...([variables] as [Variables]));
          return payloadOf(data[root]);
        } catch (caught) {
          if (caught instanceof PayloadError) setErrors(caught.errors);
          throw caught;
        }
      }, success);
    },
    [client, run],
  );
  const clearErrors = useCallback(() => setErrors([]), []);
  return { busy, errors, mutate, clearErrors };
}

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/**
 * The message of the first error about one of `fields` (for an input's helper text); domains
 * name fields in camelCase or snake_case, so both match.
 */
export function errorFor(errors: FieldError[], ...fields: string[]): string | undefined {
  const wanted = fields.map(camel);
  return errors.find((error) => error.field !== null && wanted.includes(camel(error.field)))?.message;
}
