/** Form pieces shared by the management screens: field errors, confirmations, text areas. */

import { useState, type ReactNode, type TextareaHTMLAttributes } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import type { FieldError } from "../api/client";

/** A payload's errors, each with the field it is about and its code. */
export function FieldErrors({ errors }: { errors: FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <Box role="alert" data-testid="field-errors" padding={3} borderRadius={3} backgroundColor="critical1" display="flex" flexDirection="column" gap={1} marginY={2}>
      {errors.map((error, index) => (
        <Text key={index} size={2} color="critical2">
          {error.field ? `${error.field}: ` : ""}
          {error.message} ({error.code})
        </Text>
      ))}
    </Box>
  );
}

/**
 * A destructive action asked twice, in place (no browser dialog: inside the Dashboard the app
 * runs in an iframe). `reasonLabel` adds an optional reason passed to `onConfirm`.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel = "Yes",
  onConfirm,
  disabled,
  reasonLabel,
}: {
  label: string;
  question: string;
  confirmLabel?: string;
  onConfirm: (reason: string) => unknown;
  disabled?: boolean;
  reasonLabel?: string;
}) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  if (!asking)
    return (
      <Button size="small" variant="tertiary" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  return (
    <Box display="flex" gap={1} alignItems="center" flexWrap="wrap" role="group" aria-label={question}>
      <Text size={2}>{question}</Text>
      {reasonLabel && <Input size="small" label={reasonLabel} value={reason} onChange={(event) => setReason(event.target.value)} />}
      <Button
        size="small"
        variant="error"
        disabled={disabled}
        onClick={async () => {
          setAsking(false);
          await onConfirm(reason.trim());
          setReason("");
        }}
      >
        {confirmLabel}
      </Button>
      <Button size="small" variant="tertiary" onClick={() => setAsking(false)}>
        Keep
      </Button>
    </Box>
  );
}

export function TextArea({ label, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string }) {
  return (
    <Box as="label" display="flex" flexDirection="column" gap={1}>
      <Text size={2} color="default2">
        {label}
      </Text>
      <textarea
        {...props}
        aria-label={label}
        style={{
          padding: 8,
          borderRadius: 8,
          fontSize: 13,
          fontFamily: "monospace",
          border: "1px solid var(--mu-colors-border-default1, #d0d5dd)",
          background: "transparent",
          color: "inherit",
          minHeight: 160,
          ...props.style,
        }}
      />
    </Box>
  );
}

/** Shown once (a secret): copy it now. */
export function ShownOnce({ title, value, testId, children }: { title: string; value: string; testId: string; children?: ReactNode }) {
  return (
    <Box padding={3} borderRadius={3} backgroundColor="warning1" marginBottom={4} data-testid={testId}>
      <Text fontWeight="bold">{title}</Text>
      <Box as="pre" marginTop={2} fontSize={2} style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
        {value}
      </Box>
      {children}
    </Box>
  );
}

/** A whole number from an input, or null when empty or not a number. */
export function wholeNumber(value: string): number | null {
  if (value.trim() === "") return null;
  const number = Number(value);
  return Number.isInteger(number) ? number : null;
}
