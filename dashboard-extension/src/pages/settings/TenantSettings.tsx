/**
 * The installation's settings, one card per section (routing, rules, replenishment defaults,
 * availability). The fields, their help text, bounds and allowed values come from the API's
 * `tenantSettingsSchema`, the same source as the README's table: a new setting appears here
 * by itself. Each card saves only what changed in it; refused values are shown at their field.
 */

import { useState } from "react";
import { Box, Button, Checkbox, Input, Text } from "@saleor/macaw-ui";

import { payloadOf, type FieldError } from "../../api/client";
import { graphql } from "../../api/graphql";
import type { OmsTenantSettingsInput, TenantSettingsSchemaQuery } from "../../api/generated/operations";
import { useApp } from "../../app/AppContext";
import { useAction, useQuery } from "../../app/hooks";
import { timeZoneOptions } from "../../components/timeZones";
import { Card, QueryBody, Select } from "../../components/ui";

export const SETTINGS_SCHEMA = graphql(`
query TenantSettingsSchema {
  tenantSettingsSchema { name title description permission settings { key field type default description allowedValues minimum maximum nullable } }
}`);
export const TENANT_SETTINGS_FIELDS = graphql(`
fragment TenantSettings on OmsTenantSettings {
  routing { trigger requireApproval maxAttempts }
  rules { intervalSeconds actionsPerMinute webhookMaxAttempts emailFrom }
  replenishment { reorderPoint targetLevel leadTimeDays }
  availability { maxAttempts }
  insights { timeZone }
}`);
export const TENANT_SETTINGS = graphql(`query TenantSettings { tenantSettings { ...TenantSettings } }`, TENANT_SETTINGS_FIELDS);
export const UPDATE_SETTINGS = graphql(`
mutation TenantSettingsUpdate($input: OmsTenantSettingsInput!) {
  tenantSettingsUpdate(input: $input) { settings { ...TenantSettings } errors { field message code } }
}`, TENANT_SETTINGS_FIELDS);

export type SettingValue = string | number | boolean | null;
export type SettingsValues = Record<string, Record<string, SettingValue>>;

export type SettingsSection = TenantSettingsSchemaQuery["tenantSettingsSchema"][number];
/** One setting's documentation; its `default` is JSON. */
export type SettingDoc = SettingsSection["settings"][number];

/** The saved settings by section and field, as the schema-driven forms read them. */
function valuesOf(settings: SettingsValues): SettingsValues {
  return settings;
}

/** "max_attempts" → "Max attempts". */
export function settingLabel(key: string): string {
  const words = key.split("_").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The fields of `draft` that differ from `saved`: what a save sends (null resets). */
export function changedValues(saved: Record<string, SettingValue>, draft: Record<string, SettingValue>): Record<string, SettingValue> {
  return Object.fromEntries(Object.entries(draft).filter(([field, value]) => saved[field] !== value));
}

/** Payload errors of one section by field ("routing.maxAttempts" → "maxAttempts"). */
export function errorsOfSection(errors: FieldError[], section: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const error of errors) {
    const [head, field] = (error.field ?? "").split(".");
    if (head === section) found[field ?? ""] = error.message;
  }
  return found;
}

export function TenantSettings() {
  const schema = useQuery(SETTINGS_SCHEMA);
  const values = useQuery(TENANT_SETTINGS);
  return (
    <QueryBody {...values} error={values.error ?? schema.error} loading={values.loading || schema.loading}>
      {(data) => (
        <>
          {(schema.data?.tenantSettingsSchema ?? []).map((section) => (
            <SectionForm key={section.name} section={section} saved={valuesOf(data.tenantSettings)[section.name] ?? {}} onSaved={values.reload} />
          ))}
        </>
      )}
    </QueryBody>
  );
}

export function SectionForm({ section, saved, onSaved }: { section: SettingsSection; saved: Record<string, SettingValue>; onSaved: () => void }) {
  const { client } = useApp();
  const { busy, run } = useAction();
  const [draft, setDraft] = useState<Record<string, SettingValue>>(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const changes = changedValues(saved, draft);
  const set = (field: string, value: SettingValue) => setDraft({ ...draft, [field]: value });

  const save = () =>
    run(async () => {
      // The form is built from the schema the API describes, so the input is shaped at run time.
      const input = { [section.name]: changes } as OmsTenantSettingsInput;
      const data = await client.request(UPDATE_SETTINGS, { input });
      setErrors(errorsOfSection(data.tenantSettingsUpdate.errors, section.name));
      const payload = payloadOf(data.tenantSettingsUpdate);
      if (payload.settings) setDraft(valuesOf(payload.settings)[section.name] ?? {});
      onSaved();
    }, `${section.title} saved`);

  return (
    <Box id={section.name} data-testid={`settings-${section.name}`}>
      <Card
        title={section.title}
        actions={
          <Button variant="primary" size="small" disabled={busy || Object.keys(changes).length === 0} onClick={save}>
            Save {section.title.toLowerCase()}
          </Button>
        }
      >
        <Text as="p" color="default2" marginBottom={4}>
          {section.description} Changed by MANAGE_APPS or {section.permission}.
        </Text>
        <Box display="grid" gap={4} style={{ gridTemplateColumns: "repeat(auto-fill, minmax(260px, 1fr))" }}>
          {section.settings.map((setting) => (
            <SettingField key={setting.field} section={section.name} setting={setting} value={draft[setting.field] ?? null} error={errors[setting.field]} onChange={(value) => set(setting.field, value)} />
          ))}
        </Box>
      </Card>
    </Box>
  );
}

function SettingField({ section, setting, value, error, onChange }: { section: string; setting: SettingDoc; value: SettingValue; error?: string; onChange: (value: SettingValue) => void }) {
  const label = settingLabel(setting.key);
  const fallback = setting.default === null ? null : (JSON.parse(setting.default) as SettingValue);
  let control;
  if (setting.type === "CHOICE") {
    control = (
      <Select
        label={label}
        value={String(value ?? fallback ?? "")}
        onChange={(event) => onChange(event.target.value)}
        options={setting.allowedValues.map((choice) => ({ value: choice, label: choice.replace(/_/g, " ").toLowerCase() }))}
      />
    );
  } else if (setting.type === "TIME_ZONE") {
    const current = String(value ?? fallback ?? "UTC");
    control = <Select label={label} value={current} onChange={(event) => onChange(event.target.value)} options={timeZoneOptions(current).map((zone) => ({ value: zone, label: zone.replace(/_/g, " ") }))} />;
  } else if (setting.type === "BOOL") {
    control = (
      <Checkbox checked={value === true} onCheckedChange={(checked) => onChange(checked === true)}>
        <Text>{label}</Text>
      </Checkbox>
    );
  } else if (setting.type === "INT") {
    control = (
      <Input
        label={label}
        type="number"
        value={value === null ? "" : String(value)}
        min={setting.minimum ?? undefined}
        max={setting.maximum ?? undefined}
        // Empty: back to the default (or "not set" for settings without one).
        onChange={(event) => onChange(event.target.value.trim() === "" ? null : Number(event.target.value))}
      />
    );
  } else {
    control = <Input label={label} value={String(value ?? "")} onChange={(event) => onChange(event.target.value)} />;
  }
  const range = setting.type === "INT" ? ` (${setting.minimum}–${setting.maximum}${fallback === null ? ", empty: not set" : `, default ${fallback}`})` : "";
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      {control}
      <Text size={2} color="default2" data-testid={`setting-doc-${section}.${setting.field}`}>
        {setting.description}
        {range}
      </Text>
      {error && (
        <Text size={2} color="critical1" data-testid={`setting-error-${section}.${setting.field}`}>
          {error}
        </Text>
      )}
    </Box>
  );
}
