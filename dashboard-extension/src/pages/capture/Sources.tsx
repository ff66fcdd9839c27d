/**
 * Capture sources: the outside channels orders come from. Creating one (or rotating its secret)
 * answers the webhook's signing secret once: it is shown here with its URL and a copy button,
 * and never again.
 */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import type { CaptureSourceFragment } from "../../api/generated/operations";
import { errorFor, useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors, ShownOnce } from "../../components/forms";
import { Card, Cell, StatusChip, Table, formatDate } from "../../components/ui";
import { CAPTURE_SOURCE_CREATE, CAPTURE_SOURCE_SECRET_ROTATE } from "./documents";

export type CaptureSource = CaptureSourceFragment;

/** The webhook's full address: the OMS serves this app, so its origin is the OMS's. */
export function webhookUrl(path: string): string {
  return new URL(path, window.location.origin).toString();
}

interface Secret {
  code: string;
  url: string;
  secret: string;
}

function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="small"
      variant="secondary"
      onClick={async () => {
        await navigator.clipboard.writeText(value);
        setCopied(true);
      }}
    >
      {copied ? "Copied" : label}
    </Button>
  );
}

function SecretShownOnce({ secret, onDone }: { secret: Secret; onDone: () => void }) {
  return (
    <ShownOnce
      title={`Webhook secret of ${secret.code}: shown once. Copy it now; it is stored encrypted and cannot be shown again (rotate it to get a new one).`}
      value={secret.secret}
      testId="capture-secret"
    >
      <Text size={2} as="p">
        Webhook URL: <code data-testid="capture-webhook-url">{secret.url}</code>
      </Text>
      <Box display="flex" gap={2} marginTop={2}>
        <CopyButton value={secret.secret} label="Copy secret" />
        <CopyButton value={secret.url} label="Copy URL" />
        <Button size="small" variant="tertiary" onClick={onDone}>
          I have copied it
        </Button>
      </Box>
    </ShownOnce>
  );
}

const EMPTY = { code: "", name: "", channelSlug: "", warehouseId: "", shippingMethodId: "", taxClassId: "", replayWindowSeconds: "300" };

export function CaptureSources({ sources, onChanged }: { sources: CaptureSource[]; onChanged: () => void }) {
  const create = useMutation();
  const rotate = useMutation();
  const [form, setForm] = useState(EMPTY);
  const [secret, setSecret] = useState<Secret>();
  const set = (key: keyof typeof EMPTY) => (event: { target: { value: string } }) => setForm((current) => ({ ...current, [key]: event.target.value }));

  const submit = async () => {
    const done = await create.mutate(
      CAPTURE_SOURCE_CREATE,
      {
        input: {
          code: form.code.trim(),
          name: form.name.trim(),
          channelSlug: form.channelSlug.trim(),
          warehouseId: form.warehouseId.trim(),
          shippingMethodId: form.shippingMethodId.trim(),
          taxClassId: form.taxClassId.trim(),
          replayWindowSeconds: Number(form.replayWindowSeconds) || 300,
        },
      },
      "captureSourceCreate",
      "Source created",
    );
    if (done?.source && done.secret) {
      setSecret({ code: done.source.code, url: webhookUrl(done.source.webhookPath), secret: done.secret });
      setForm(EMPTY);
      onChanged();
    }
  };
  const rotateSecret = async (source: CaptureSource) => {
    const done = await rotate.mutate(CAPTURE_SOURCE_SECRET_ROTATE, { id: source.id }, "captureSourceSecretRotate", `New secret for ${source.code}`);
    if (done?.source && done.secret) {
      setSecret({ code: done.source.code, url: webhookUrl(done.source.webhookPath), secret: done.secret });
      onChanged();
    }
  };
  const field = (key: keyof typeof EMPTY, label: string, helper?: string, type: "text" | "number" = "text") => (
    <Input
      label={label}
      size="small"
      type={type}
      value={form[key]}
      onChange={set(key)}
      error={Boolean(errorFor(create.errors, key))}
      helperText={errorFor(create.errors, key) ?? helper}
    />
  );

  return (
    <Card title="Sources">
      {secret && <SecretShownOnce secret={secret} onDone={() => setSecret(undefined)} />}
      {sources.length === 0 ? (
        <Text size={2} color="default2" as="p">
          No source yet: add the phone line, marketplace or shop till orders come from.
        </Text>
      ) : (
        <Table head={["Code", "Name", "Channel", "Webhook URL", "Replay window", "Secret rotated", "", ""]} testId="capture-sources">
          {sources.map((source) => (
            <tr key={source.id} data-testid={`source-${source.code}`}>
              <Cell>
                <Text size={3} fontWeight="bold">
                  {source.code}
                </Text>
              </Cell>
              <Cell>{source.name}</Cell>
              <Cell>{source.channelSlug}</Cell>
              <Cell>
                <code>{webhookUrl(source.webhookPath)}</code>
              </Cell>
              <Cell>{source.replayWindowSeconds} s</Cell>
              <Cell>{formatDate(source.secretRotatedAt ?? source.createdAt)}</Cell>
              <Cell>
                <StatusChip status={source.isActive ? "active" : "off"} />
              </Cell>
              <Cell>
                <ConfirmButton
                  label="Rotate secret"
                  question={`Rotate the secret of ${source.code}? The current one stops working at once.`}
                  confirmLabel="Rotate"
                  disabled={rotate.busy}
                  onConfirm={() => rotateSecret(source)}
                />
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      <Box marginTop={4} display="flex" flexDirection="column" gap={2} data-testid="new-capture-source">
        <Text fontWeight="bold">Add a source</Text>
        <FieldErrors errors={create.errors.filter((error) => !error.field || !(error.field in EMPTY))} />
        <Box display="flex" gap={3} alignItems="flex-start" flexWrap="wrap">
          {field("code", "Code", "Letters, digits, - and _; part of the webhook URL")}
          {field("name", "Name")}
          {field("channelSlug", "Channel slug", "The Saleor channel orders are created in")}
          {field("warehouseId", "Warehouse ID", "A Saleor warehouse of the channel")}
          {field("shippingMethodId", "Shipping method ID", "Used when an order names none")}
          {field("taxClassId", "Tax class ID", "For the order lines and the shipping")}
          {field("replayWindowSeconds", "Replay window (seconds)", "30 to 3600", "number")}
        </Box>
        <Box>
          <Button variant="primary" disabled={create.busy || !form.code.trim() || !form.name.trim()} onClick={submit}>
            Create source
          </Button>
        </Box>
      </Box>
    </Card>
  );
}
