import type { Client } from "../api/client";
import { clientAnswering } from "./render";

export interface Call {
  query: string;
  variables: unknown;
  headers: Headers;
}

type Answer = Record<string, unknown> | ((variables: Record<string, unknown>) => unknown);

/** The operation a document names (`query Name` / `mutation Name`). */
export function operationOf(query: string): string {
  return /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "";
}

/**
 * A client answering each operation by name with `data` (or a function of the variables);
 * an operation the test did not expect is a GraphQL error, which the page shows.
 */
export function answering(answers: Record<string, Answer>, calls: Call[] = []): Client {
  return clientAnswering((request: unknown) => {
    const { query, variables } = request as { query: string; variables: Record<string, unknown> };
    const name = operationOf(query);
    if (!(name in answers)) return { errors: [{ message: `unexpected operation ${name}` }] };
    const answer = answers[name];
    return { data: typeof answer === "function" ? (answer as (v: Record<string, unknown>) => unknown)(variables) : answer };
  }, calls);
}

export function callsOf(calls: Call[], operation: string): unknown[] {
  return calls.filter((call) => operationOf(call.query) === operation).map((call) => call.variables);
}

export const connection = <T>(items: T[]) => ({ totalCount: items.length, edges: items.map((node) => ({ node })) });
