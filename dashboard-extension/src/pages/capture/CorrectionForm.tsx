/**
 * "Correct and resend": a refused order's form, prefilled from the order as it was stored (the
 * API's `payload`, in OmsOrderImportInput's shape), sent back with capturedOrderResubmit. The
 * fields people correct are editable; everything else (payments, notes, metadata) is sent back
 * as stored. The external reference cannot change: it is how the source knows the order.
 */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import type { VariablesOf } from "../../api/graphql";
import { useMutation } from "../../app/mutation";
import { wholeNumber } from "../../components/forms";
import { CAPTURED_ORDER_RESUBMIT } from "./documents";
import { fieldInWords, problemInWords } from "./explain";

type OrderInput = VariablesOf<typeof CAPTURED_ORDER_RESUBMIT>["order"];
type Json = Record<string, unknown>;

const ADDRESS_FIELDS: [string, string][] = [
  ["firstName", "First name"],
  ["lastName", "Last name"],
  ["streetAddress1", "Street"],
  ["city", "City"],
  ["postalCode", "Postal code"],
  ["countryArea", "State or region"],
  ["country", "Country (2 letters)"],
];
const LINE_FIELDS: [string, string][] = [
  ["sku", "SKU"],
  ["quantity", "Quantity"],
  ["unitPriceGross", "Unit price (gross)"],
  ["unitPriceNet", "Unit price (net)"],
  ["taxRate", "Tax rate"],
];

/** The stored order as the form edits it (JSONString fields are JSON text). */
export function parsePayload(payload: string): Json {
  const value: unknown = JSON.parse(payload);
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));

export function CorrectionForm({ id, payload, onSent, onCancel }: { id: string; payload: string; onSent: () => void; onCancel: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [order, setOrder] = useState<Json>(() => parsePayload(payload));
  const lines = (order.lines as Json[] | undefined) ?? [];

  const setTop = (key: string, value: unknown) => setOrder((current) => ({ ...current, [key]: value }));
  const setIn = (key: string, field: string, value: string) =>
    setOrder((current) => ({ ...current, [key]: { ...((current[key] as Json | null) ?? {}), [field]: value } }));
  const setLine = (index: number, field: string, value: string) =>
    setOrder((current) => ({
      ...current,
      lines: ((current.lines as Json[] | undefined) ?? []).map((line, at) => (at === index ? { ...line, [field]: field === "quantity" ? wholeNumber(value) : value } : line)),
    }));

  const send = async () => {
    const done = await mutate(CAPTURED_ORDER_RESUBMIT, { id, order: order as OrderInput }, "capturedOrderResubmit", `${text(order.externalReference)} sent to Saleor again`);
    if (done) onSent();
  };
  const input = (label: string, value: unknown, onChange: (value: string) => void, testId?: string) => (
    <Input key={label} label={label} size="small" value={text(value)} onChange={(event) => onChange(event.target.value)} data-testid={testId} />
  );
  const address = (key: string, title: string) => (
    <Box display="flex" flexDirection="column" gap={2}>
      <Text size={2} fontWeight="bold">
        {title}
      </Text>
      <Box display="flex" gap={2} flexWrap="wrap">
        {ADDRESS_FIELDS.map(([field, label]) => input(`${title}: ${label}`, (order[key] as Json | null)?.[field], (value) => setIn(key, field, value)))}
      </Box>
    </Box>
  );
  const shipping = order.shipping as Json | null | undefined;

  return (
    <Box display="flex" flexDirection="column" gap={3} data-testid="correction-form">
      <Text size={2} color="default2">
        External reference <strong>{text(order.externalReference)}</strong> stays as it is: the order is sent again under it.
      </Text>
      <Box display="flex" gap={2} flexWrap="wrap">
        {input("Customer email", order.customerEmail, (value) => setTop("customerEmail", value))}
        {input("Customer name", order.customerName, (value) => setTop("customerName", value))}
        {input("Currency", order.currency, (value) => setTop("currency", value))}
      </Box>
      <Box display="flex" flexDirection="column" gap={2}>
        <Text size={2} fontWeight="bold">
          Lines
        </Text>
        {lines.map((line, index) => (
          <Box key={index} display="flex" gap={2} flexWrap="wrap" data-testid={`correction-line-${index + 1}`}>
            {LINE_FIELDS.map(([field, label]) => input(`Line ${index + 1}: ${label}`, line[field], (value) => setLine(index, field, value)))}
          </Box>
        ))}
      </Box>
      {shipping && (
        <Box display="flex" gap={2} flexWrap="wrap">
          {input("Shipping method name", shipping.methodName, (value) => setIn("shipping", "methodName", value))}
          {input("Shipping method ID", shipping.methodId, (value) => setIn("shipping", "methodId", value))}
        </Box>
      )}
      {address("billingAddress", "Billing address")}
      {address("shippingAddress", "Shipping address")}
      {errors.length > 0 && (
        <Box role="alert" data-testid="correction-errors" padding={3} borderRadius={3} backgroundColor="critical1" display="flex" flexDirection="column" gap={1}>
          <Text size={2} fontWeight="bold" color="critical2">
            Still not accepted:
          </Text>
          {errors.map((error, index) => (
            <Text key={index} size={2} color="critical2" title={fieldInWords(error.field)}>
              {problemInWords(error)}
            </Text>
          ))}
        </Box>
      )}
      <Box display="flex" gap={2}>
        <Button variant="primary" disabled={busy} onClick={send}>
          Resend to Saleor
        </Button>
        <Button variant="tertiary" onClick={onCancel}>
          Cancel
        </Button>
      </Box>
    </Box>
  );
}
