/**
 * A small typed client for the OMS GraphQL API (`/graphql/` of the same origin): a request's
 * result and variables are the types of its document (see ./graphql.ts).
 *
 * Request-level failures (bad token, missing permission, network) throw `GraphQLRequestError`;
 * mutation payloads with `errors { field message code }` throw `PayloadError` via `payloadOf`.
 */

import type { TypedDocument, VariablesArgument } from "./graphql";

export interface FieldError {
  field: string | null;
  message: string;
  code: string;
}

export class GraphQLRequestError extends Error {
  readonly codes: string[];

  constructor(message: string, codes: string[] = []) {
    super(message);
    this.name = "GraphQLRequestError";
    this.codes = codes;
  }
}

export class PayloadError extends Error {
  readonly errors: FieldError[];

  constructor(errors: FieldError[]) {
    super(errors.map((error) => (error.field ? `${error.field}: ${error.message}` : error.message)).join("; "));
    this.name = "PayloadError";
    this.errors = errors;
  }
}

export type Variables = Record<string, unknown>;

export interface Client {
  request<Result, Vars>(document: TypedDocument<Result, Vars>, ...variables: VariablesArgument<Vars>): Promise<Result>;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface ClientOptions {
  url?: string;
  /** Read on every request: App Bridge refreshes its token while the page is open. */
  getToken: () => string | undefined;
  fetchImpl?: typeof fetch;
}

export function createClient({ url = "/graphql/", getToken, fetchImpl }: ClientOptions): Client {
  return {
    async request<Result, Vars>(query: TypedDocument<Result, Vars>, ...[variables = {}]: [variables?: Vars | Variables]): Promise<Result> {
      const doFetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      const token = getToken();
      if (token) headers.Authorization = `Bearer ${token}`;
      let response: Response;
      try {
        response = await doFetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
      } catch {
        throw new GraphQLRequestError("The OMS could not be reached; check your connection.", ["NETWORK"]);
      }
      let body: GraphQLResponse<Result>;
      try {
        body = (await response.json()) as GraphQLResponse<Result>;
      } catch {
        throw new GraphQLRequestError(`The OMS answered ${response.status} without JSON.`, ["BAD_RESPONSE"]);
      }
      if (body.errors && body.errors.length > 0) {
        throw new GraphQLRequestError(
          body.errors.map((error) => error.message).join("; "),
          body.errors.map((error) => error.extensions?.code ?? "ERROR"),
        );
      }
      if (!body.data) throw new GraphQLRequestError("The OMS answered without data.", ["BAD_RESPONSE"]);
      return body.data;
    },
  };
}

/** What every mutation payload carries: the field errors of a refused input. */
export interface Payload {
  errors: FieldError[];
}

/** The payload of a mutation, or a `PayloadError` when it carries field errors. */
export function payloadOf<P extends Payload>(payload: P): P {
  if (payload.errors.length > 0) throw new PayloadError(payload.errors);
  return payload;
}

export function nodes<T>(connection: { edges: readonly { node: T }[] }): T[] {
  return connection.edges.map((edge) => edge.node);
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
