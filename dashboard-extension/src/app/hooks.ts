import { useCallback, useEffect, useRef, useState } from "react";

import { errorMessage } from "../api/client";
import type { TypedDocument } from "../api/graphql";
import { useApp } from "./AppContext";

export interface QueryState<T> {
  data: T | undefined;
  loading: boolean;
  error: string | undefined;
  reload: () => void;
}

export interface QueryOptions {
  skip?: boolean;
  quiet?: boolean;
}

/** The variables (optional when the query requires none), then the options. */
export type QueryArguments<Variables> = Record<string, never> extends Variables
  ? [variables?: Variables, options?: QueryOptions]
  : [variables: Variables, options?: QueryOptions];

/**
 * Runs a query when its variables change; a failure is kept in `error` and notified once
 * (unless `quiet`: for optional panels the viewer may lack the permission for).
 */
export function useQuery<T, Variables>(query: TypedDocument<T, Variables>, ...[variables, options = {}]: QueryArguments<Variables>): QueryState<T> {
  const { client, notify } = useApp();
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(!options.skip);
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables ?? {});
  const quiet = Boolean(options.quiet);

  useEffect(() => {
    if (options.skip) return;
    let cancelled = false;
    setLoading(true);
    client
      .request(query, ...([JSON.parse(key)] as [Variables]))
      .then((result) => {
        if (cancelled) return;
        setData(result);
        setError(undefined);
      })
      .catch((caught: unknown) => {
        if (cancelled) return;
        const message = errorMessage(caught);
        setError(message);
        if (!quiet) notify("error", "Could not load", message);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [client, notify, query, key, tick, options.skip, quiet]);

  const reload = useCallback(() => setTick((value) => value + 1), []);
  return { data, loading, error, reload };
}

/**
 * Wraps an action (a mutation, a batch): tracks `busy`, notifies success or the error, and
 * returns the result or undefined when it failed.
 */
export function useAction() {
  const { notify } = useApp();
  const [busy, setBusy] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async <R,>(action: () => Promise<R>, success?: string): Promise<R | undefined> => {
      setBusy(true);
      try {
        const result = await action();
        if (success) notify("success", success);
        return result;
      } catch (caught) {
        notify("error", "Action failed", errorMessage(caught));
        return undefined;
      } finally {
        if (mounted.current) setBusy(false);
      }
    },
    [notify],
  );
  return { busy, run };
}
