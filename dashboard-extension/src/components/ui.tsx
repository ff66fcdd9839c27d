/** Shared building blocks over macaw-ui: cards, states, chips, tables, simple charts. */

import { Box, Button, Spinner, Text } from "@saleor/macaw-ui";
import { isValidElement, type ReactNode, type SelectHTMLAttributes } from "react";

import { useApp } from "../app/AppContext";

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Box display="flex" alignItems="center" justifyContent="space-between" gap={4} marginBottom={6}>
      <Text as="h1" size={9} fontWeight="bold">
        {title}
      </Text>
      <Box display="flex" gap={2} alignItems="center">
        {children}
      </Box>
    </Box>
  );
}

export function Card({ title, children, actions }: { title?: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Box
      as="section"
      borderWidth={1}
      borderStyle="solid"
      borderColor="default1"
      borderRadius={4}
      padding={5}
      marginBottom={5}
      backgroundColor="default1"
    >
      {(title || actions) && (
        <Box display="flex" justifyContent="space-between" alignItems="center" marginBottom={4} gap={2}>
          {title && (
            <Text as="h2" size={6} fontWeight="bold">
              {title}
            </Text>
          )}
          {actions && (
            <Box display="flex" gap={2}>
              {actions}
            </Box>
          )}
        </Box>
      )}
      {children}
    </Box>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <Box display="flex" alignItems="center" gap={2} padding={4} role="status" aria-live="polite">
      <Spinner />
      <Text color="default2">{label}</Text>
    </Box>
  );
}

export function EmptyState({ title, text }: { title: string; text?: string }) {
  return (
    <Box padding={6} display="flex" flexDirection="column" alignItems="center" gap={1} data-testid="empty-state">
      <Text fontWeight="bold">{title}</Text>
      {text && <Text color="default2">{text}</Text>}
    </Box>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <Box
      padding={4}
      borderRadius={3}
      backgroundColor="critical1"
      display="flex"
      justifyContent="space-between"
      alignItems="center"
      gap={4}
      role="alert"
    >
      <Text color="critical2">{message}</Text>
      {onRetry && (
        <Button variant="secondary" onClick={onRetry}>
          Retry
        </Button>
      )}
    </Box>
  );
}

/** Loading / error / empty handling around a list or a page body. */
export function QueryBody<T>({
  loading,
  error,
  data,
  reload,
  empty,
  children,
}: {
  loading: boolean;
  error?: string;
  data: T | undefined;
  reload?: () => void;
  empty?: (data: T) => { title: string; text?: string } | null;
  children: (data: T) => ReactNode;
}) {
  if (error && !data) return <ErrorState message={error} onRetry={reload} />;
  if (!data) return loading ? <Loading /> : null;
  const emptyState = empty?.(data);
  if (emptyState) return <EmptyState {...emptyState} />;
  return <>{children(data)}</>;
}

const FLAG_COLOURS: Record<string, { bg: string; fg: string }> = {
  red: { bg: "#fde8e8", fg: "#b42318" },
  orange: { bg: "#fff1dc", fg: "#b54708" },
  yellow: { bg: "#fef7c3", fg: "#854a0e" },
  green: { bg: "#e3fbe9", fg: "#067647" },
  blue: { bg: "#e0efff", fg: "#175cd3" },
  purple: { bg: "#f1e9ff", fg: "#6941c6" },
  grey: { bg: "#eef0f2", fg: "#475467" },
};

function Pill({ children, background, colour, testId, title }: { children: ReactNode; background: string; colour: string; testId: string; title?: string }) {
  return (
    <Box
      as="span"
      display="inline-flex"
      alignItems="center"
      gap={1}
      paddingX={2}
      paddingY={0.5}
      borderRadius={4}
      data-testid={testId}
      title={title}
      style={{ backgroundColor: background, color: colour, whiteSpace: "nowrap" }}
    >
      {children}
    </Box>
  );
}

export function FlagChip({ flag }: { flag: { label: string; colour: string } }) {
  const colours = FLAG_COLOURS[flag.colour] ?? FLAG_COLOURS.grey;
  return (
    <Pill background={colours.bg} colour={colours.fg} testId={`flag-${flag.colour}`} title={`${flag.colour} flag`}>
      <span aria-hidden style={{ fontSize: 8 }}>●</span>
      <Text size={2} fontWeight="medium" color="inherit">
        {flag.label}
      </Text>
    </Pill>
  );
}

const STATUS_TONES: Record<string, { bg: string; fg: string }> = {
  good: { bg: "#e3fbe9", fg: "#067647" },
  bad: { bg: "#fde8e8", fg: "#b42318" },
  waiting: { bg: "#fff1dc", fg: "#b54708" },
  neutral: { bg: "#eef0f2", fg: "#344054" },
};

function statusTone(status: string): keyof typeof STATUS_TONES {
  const value = status.toUpperCase();
  if (/FAILED|REJECTED|CANCEL|OUT_OF_STOCK|REVOKED|STALE/.test(value)) return "bad";
  if (/PROPOSED|REQUESTED|PENDING|OPEN|LOW_STOCK|DRAFT|UNFULFILLED|UNCONFIRMED|PARTIAL|RUN_OUT/.test(value)) return "waiting";
  if (/APPLIED|APPROVED|COMPLETED|PUBLISHED|FULFILLED|RECEIVED|DONE|ACTIVE|SUCCEEDED|INSPECTED/.test(value)) return "good";
  return "neutral";
}

export function StatusChip({ status }: { status: string }) {
  const tone = STATUS_TONES[statusTone(status)];
  return (
    <Pill background={tone.bg} colour={tone.fg} testId="status-chip">
      <Text size={2} fontWeight="medium" color="inherit">
        {status.replace(/_/g, " ").toLowerCase()}
      </Text>
    </Pill>
  );
}

export function Stat({ label, value, tone, hint }: { label: string; value: ReactNode; tone?: "critical" | "warning"; hint?: string }) {
  const colour = tone === "critical" ? "critical1" : tone === "warning" ? "warning1" : "default1";
  return (
    <Box
      borderWidth={1}
      borderStyle="solid"
      borderColor="default1"
      borderRadius={4}
      padding={4}
      display="flex"
      flexDirection="column"
      gap={1}
      data-testid={`stat-${label.toLowerCase().replace(/[^a-z]+/g, "-")}`}
    >
      <Text size={2} color="default2">
        {label}
      </Text>
      <Text size={10} fontWeight="bold" color={colour}>
        {value}
      </Text>
      {hint && (
        <Text size={1} color="default2">
          {hint}
        </Text>
      )}
    </Box>
  );
}

/** A horizontal bar chart: enough for counts per state without a chart library. */
export function BarChart({ data, label }: { data: { label: string; value: number }[]; label: string }) {
  const max = Math.max(1, ...data.map((item) => item.value));
  return (
    <Box display="flex" flexDirection="column" gap={2} role="img" aria-label={label}>
      {data.map((item) => (
        <Box key={item.label} display="grid" gap={2} alignItems="center" style={{ gridTemplateColumns: "9rem 1fr 3rem" }}>
          <Text size={2}>{item.label}</Text>
          <Box backgroundColor="default2" borderRadius={2} style={{ height: 10 }}>
            <Box backgroundColor="accent1" borderRadius={2} style={{ height: 10, width: `${(100 * item.value) / max}%` }} />
          </Box>
          <Text size={2} textAlign="right">
            {item.value}
          </Text>
        </Box>
      ))}
    </Box>
  );
}

export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const percent = total === 0 ? 100 : Math.round((100 * done) / total);
  return (
    <Box display="flex" flexDirection="column" gap={1} role="progressbar" aria-valuenow={percent} aria-label={label}>
      <Text size={2}>
        {label}: {done} / {total}
      </Text>
      <Box backgroundColor="default2" borderRadius={2} style={{ height: 6 }}>
        <Box backgroundColor="accent1" borderRadius={2} style={{ height: 6, width: `${percent}%` }} />
      </Box>
    </Box>
  );
}

export function Table({ head, children, testId }: { head: ReactNode[]; children: ReactNode; testId?: string }) {
  return (
    <Box as="table" width="100%" style={{ borderCollapse: "collapse" }} data-testid={testId}>
      <thead>
        <tr>
          {head.map((cell, index) => (
            <Box as="th" key={index} textAlign="left" padding={2} borderBottomWidth={1} borderBottomStyle="solid" borderColor="default1">
              <Text size={2} color="default2" fontWeight="medium">
                {cell}
              </Text>
            </Box>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </Box>
  );
}

export function Cell({ children, colSpan }: { children?: ReactNode; colSpan?: number }) {
  return (
    <Box as="td" padding={2} borderBottomWidth={1} borderBottomStyle="solid" borderColor="default1" colSpan={colSpan}>
      {isValidElement(children) ? children : <Text size={3}>{children}</Text>}
    </Box>
  );
}

type NativeSelectProps = SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  options: { value: string; label: string }[];
};

/** A labelled native select: accessible, and simple to drive from tests. */
export function Select({ label, options, ...props }: NativeSelectProps) {
  return (
    <Box as="label" display="flex" flexDirection="column" gap={1}>
      <Text size={2} color="default2">
        {label}
      </Text>
      <select
        {...props}
        aria-label={label}
        style={{
          padding: "7px 8px",
          borderRadius: 8,
          fontSize: 14,
          border: "1px solid var(--mu-colors-border-default1, #d0d5dd)",
          background: "transparent",
          color: "inherit",
          fontFamily: "inherit",
          minWidth: 140,
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Box>
  );
}

/** Standalone notifications (inside the Dashboard, App Bridge shows Saleor's own). */
export function Toasts() {
  const { toasts, dismissToast } = useApp();
  if (toasts.length === 0) return null;
  return (
    <Box position="fixed" style={{ right: 16, bottom: 16, zIndex: 10, maxWidth: 420 }} display="flex" flexDirection="column" gap={2}>
      {toasts.map((toast) => (
        <Box
          key={toast.id}
          role={toast.status === "error" ? "alert" : "status"}
          data-testid={`toast-${toast.status}`}
          padding={4}
          borderRadius={4}
          borderWidth={1}
          borderStyle="solid"
          borderColor={toast.status === "error" ? "critical1" : "default1"}
          backgroundColor="default1"
          boxShadow="defaultModal"
          display="flex"
          justifyContent="space-between"
          gap={3}
        >
          <Box display="flex" flexDirection="column" gap={1}>
            <Text fontWeight="bold" color={toast.status === "error" ? "critical1" : "default1"}>
              {toast.title}
            </Text>
            {toast.text && <Text size={2}>{toast.text}</Text>}
          </Box>
          <Button variant="tertiary" size="small" onClick={() => dismissToast(toast.id)} aria-label="Dismiss">
            ×
          </Button>
        </Box>
      ))}
    </Box>
  );
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return "—";
  return new Date(value).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function money(value: number | string | null | undefined, currency = ""): string {
  if (value === null || value === undefined || value === "") return "—";
  const number = typeof value === "number" ? value : Number(value);
  return `${number.toFixed(2)}${currency ? ` ${currency}` : ""}`;
}
