/**
 * The reporting time zone, the reporting currency, the dated exchange rates into it, and the
 * insights e-mailed on a schedule. Refused inputs are shown at their fields; nothing is saved
 * then.
 */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import type { ExchangeRateFragment, OmsExportFormat, OmsReportFrequency, ReportScheduleFragment } from "../../api/generated/operations";
import { useQuery } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors } from "../../components/forms";
import { timeZoneOptions } from "../../components/timeZones";
import { Card, Cell, QueryBody, Select, StatusChip, Table, formatDate } from "../../components/ui";
import {
  EXCHANGE_RATE_DELETE,
  EXCHANGE_RATE_SET,
  INSIGHTS_SETTINGS,
  REPORT_SCHEDULE_DELETE,
  REPORT_SCHEDULE_SAVE,
  REPORTING_CURRENCY_SET,
  REPORTING_TIME_ZONE_SET,
} from "./documents";
import { isoDay } from "./range";

const CURRENCY = /^[A-Z]{3}$/;

export function InsightsSettings() {
  const query = useQuery(INSIGHTS_SETTINGS);
  return (
    <QueryBody {...query}>
      {(data) => (
        <>
          <ReportingTimeZone key={data.tenantSettings.insights.timeZone} saved={data.tenantSettings.insights.timeZone} onSaved={query.reload} />
          <ReportingCurrency key={data.insights.reportingCurrency ?? ""} saved={data.insights.reportingCurrency ?? null} onSaved={query.reload} />
          <ExchangeRates rates={data.exchangeRates} reportingCurrency={data.insights.reportingCurrency ?? null} onChanged={query.reload} />
          <Schedules schedules={data.insightsReportSchedules} onChanged={query.reload} />
        </>
      )}
    </QueryBody>
  );
}

function ReportingTimeZone({ saved, onSaved }: { saved: string; onSaved: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [timeZone, setTimeZone] = useState(saved);
  const save = async () => {
    const done = await mutate(REPORTING_TIME_ZONE_SET, { timeZone }, "tenantSettingsUpdate", `Reporting time zone: ${timeZone}`);
    if (done) onSaved();
  };
  return (
    <Card title="Reporting time zone">
      <Text as="p" size={2} color="default2" marginBottom={3}>
        An order counts on its day of creation in this time zone, and the e-mailed reports cover its days, weeks and months. Changing it rebuilds the figures.
      </Text>
      <Box display="flex" gap={2} alignItems="flex-end" data-testid="reporting-time-zone">
        <Select label="Time zone" value={timeZone} onChange={(event) => setTimeZone(event.target.value)} options={timeZoneOptions(saved).map((zone) => ({ value: zone, label: zone.replace(/_/g, " ") }))} />
        <Button size="small" variant="primary" disabled={busy || timeZone === saved} onClick={save}>
          Save
        </Button>
      </Box>
      <FieldErrors errors={errors} />
    </Card>
  );
}

function ReportingCurrency({ saved, onSaved }: { saved: string | null; onSaved: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [currency, setCurrency] = useState(saved ?? "");
  const value = currency.trim().toUpperCase();
  const save = async (next: string | null) => {
    const done = await mutate(REPORTING_CURRENCY_SET, { currency: next }, "insightsReportingCurrencySet", next ? `Reporting in ${next}` : "No reporting currency");
    if (done) onSaved();
  };
  return (
    <Card title="Reporting currency">
      <Text as="p" size={2} color="default2" marginBottom={3}>
        Figures stay per currency; with a reporting currency they are also added up in it, at the exchange rates below.
      </Text>
      <Box display="flex" gap={2} alignItems="flex-end">
        <Input
          label="Currency (ISO 4217)"
          size="small"
          value={currency}
          maxLength={3}
          onChange={(event) => setCurrency(event.target.value)}
          error={Boolean(errorFor(errors, "currency"))}
          helperText={errorFor(errors, "currency")}
        />
        <Button size="small" variant="primary" disabled={busy || !CURRENCY.test(value) || value === saved} onClick={() => save(value)}>
          Save
        </Button>
        {saved && (
          <Button size="small" variant="tertiary" disabled={busy} onClick={() => save(null)}>
            Clear
          </Button>
        )}
      </Box>
    </Card>
  );
}

function ExchangeRates({ rates, reportingCurrency, onChanged }: { rates: ExchangeRateFragment[]; reportingCurrency: string | null; onChanged: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [draft, setDraft] = useState({ currency: "", rate: "", validFrom: isoDay(new Date()) });
  const currency = draft.currency.trim().toUpperCase();
  const rate = Number(draft.rate);
  const valid = CURRENCY.test(currency) && draft.rate.trim() !== "" && Number.isFinite(rate) && rate > 0 && /^\d{4}-\d{2}-\d{2}$/.test(draft.validFrom);

  const add = async () => {
    if (!valid) return;
    const done = await mutate(EXCHANGE_RATE_SET, { input: { currency, rate: draft.rate.trim(), validFrom: draft.validFrom } }, "exchangeRateSet", `Rate of ${currency} saved`);
    if (done) {
      setDraft({ ...draft, currency: "", rate: "" });
      onChanged();
    }
  };
  const remove = async (item: ExchangeRateFragment) => {
    const done = await mutate(EXCHANGE_RATE_DELETE, { id: item.id }, "exchangeRateDelete", `Rate of ${item.currency} from ${item.validFrom} deleted`);
    if (done) onChanged();
  };
  return (
    <Card title="Exchange rates">
      <Text as="p" size={2} color="default2" marginBottom={3}>
        1 unit of a currency is worth the rate in {reportingCurrency ?? "the reporting currency"}, from its day until the next rate.
      </Text>
      {rates.length > 0 && (
        <Table head={["Currency", "Rate", "From", ""]} testId="exchange-rates">
          {rates.map((item) => (
            <tr key={item.id}>
              <Cell>{item.currency}</Cell>
              <Cell>
                {item.rate} {item.reportingCurrency}
              </Cell>
              <Cell>{item.validFrom}</Cell>
              <Cell>
                <ConfirmButton label="Delete" question={`Delete this rate of ${item.currency}?`} confirmLabel="Delete" disabled={busy} onConfirm={() => remove(item)} />
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      <Box display="flex" gap={2} alignItems="flex-end" marginTop={3} flexWrap="wrap" data-testid="exchange-rate-form">
        <Input label="Currency" size="small" maxLength={3} value={draft.currency} onChange={(event) => setDraft({ ...draft, currency: event.target.value })} error={Boolean(errorFor(errors, "currency"))} helperText={errorFor(errors, "currency")} />
        <Input label="Rate" size="small" type="number" min={0} step="any" value={draft.rate} onChange={(event) => setDraft({ ...draft, rate: event.target.value })} error={Boolean(errorFor(errors, "rate"))} helperText={errorFor(errors, "rate")} />
        <Input label="Valid from" size="small" type="date" value={draft.validFrom} onChange={(event) => setDraft({ ...draft, validFrom: event.target.value })} error={Boolean(errorFor(errors, "validFrom"))} helperText={errorFor(errors, "validFrom")} />
        <Button size="small" variant="primary" disabled={busy || !valid || !reportingCurrency} onClick={add}>
          Add rate
        </Button>
      </Box>
      {!reportingCurrency && (
        <Text as="p" size={2} color="default2" marginTop={2}>
          Set a reporting currency first.
        </Text>
      )}
      <FieldErrors errors={errors} />
    </Card>
  );
}

interface ScheduleDraft {
  id: string | null;
  name: string;
  recipients: string;
  frequency: OmsReportFrequency;
  format: OmsExportFormat;
  channel: string;
}

const EMPTY: ScheduleDraft = { id: null, name: "", recipients: "", frequency: "WEEKLY", format: "XLSX", channel: "" };

/** The addresses of a comma-, space- or line-separated list, or the first that is not one. */
export function parseRecipients(text: string): { recipients: string[]; invalid?: string } {
  const recipients = text.split(/[\s,;]+/).filter(Boolean);
  const invalid = recipients.find((address) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address));
  return { recipients, invalid };
}

function Schedules({ schedules, onChanged }: { schedules: ReportScheduleFragment[]; onChanged: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [draft, setDraft] = useState<ScheduleDraft>(EMPTY);
  const { recipients, invalid } = parseRecipients(draft.recipients);
  const problem = invalid ? `Not an e-mail address: ${invalid}` : undefined;
  const valid = draft.name.trim() !== "" && recipients.length > 0 && !invalid;

  const save = async () => {
    if (!valid) return;
    const input = { id: draft.id, name: draft.name.trim(), recipients, frequency: draft.frequency, format: draft.format, channel: draft.channel.trim() || null };
    const done = await mutate(REPORT_SCHEDULE_SAVE, { input }, "insightsReportScheduleSave", `Report "${input.name}" saved`);
    if (done) {
      setDraft(EMPTY);
      onChanged();
    }
  };
  const remove = async (schedule: ReportScheduleFragment) => {
    const done = await mutate(REPORT_SCHEDULE_DELETE, { id: schedule.id }, "insightsReportScheduleDelete", `Report "${schedule.name}" stopped`);
    if (done) onChanged();
  };
  return (
    <Card title="E-mailed reports">
      {schedules.length > 0 && (
        <Table head={["Name", "Recipients", "Every", "Format", "Channel", "Last sent", "Next", ""]} testId="report-schedules">
          {schedules.map((schedule) => (
            <tr key={schedule.id}>
              <Cell>{schedule.name}</Cell>
              <Cell>{schedule.recipients.join(", ")}</Cell>
              <Cell>
                <StatusChip status={schedule.frequency} />
              </Cell>
              <Cell>{schedule.format}</Cell>
              <Cell>{schedule.channel ?? "all"}</Cell>
              <Cell>{formatDate(schedule.lastSentAt)}</Cell>
              <Cell>{formatDate(schedule.nextSendAt)}</Cell>
              <Cell>
                <Box display="flex" gap={1}>
                  <Button
                    size="small"
                    variant="tertiary"
                    onClick={() =>
                      setDraft({ id: schedule.id, name: schedule.name, recipients: schedule.recipients.join(", "), frequency: schedule.frequency, format: schedule.format, channel: schedule.channel ?? "" })
                    }
                  >
                    Edit
                  </Button>
                  <ConfirmButton label="Stop" question={`Stop e-mailing "${schedule.name}"?`} confirmLabel="Stop" disabled={busy} onConfirm={() => remove(schedule)} />
                </Box>
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      <Box display="grid" gap={3} marginTop={3} style={{ gridTemplateColumns: "repeat(3, minmax(0, 1fr))" }} data-testid="schedule-form">
        <Input label="Report name" size="small" value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} error={Boolean(errorFor(errors, "name"))} helperText={errorFor(errors, "name")} />
        <Input
          label="Recipients"
          size="small"
          value={draft.recipients}
          onChange={(event) => setDraft({ ...draft, recipients: event.target.value })}
          error={Boolean(problem ?? errorFor(errors, "recipients"))}
          helperText={problem ?? errorFor(errors, "recipients")}
        />
        <Input label="Channel (empty: all)" size="small" value={draft.channel} onChange={(event) => setDraft({ ...draft, channel: event.target.value })} />
        <Select
          label="Every"
          value={draft.frequency}
          onChange={(event) => setDraft({ ...draft, frequency: event.target.value as OmsReportFrequency })}
          options={[
            { value: "DAILY", label: "day" },
            { value: "WEEKLY", label: "week" },
            { value: "MONTHLY", label: "month" },
          ]}
        />
        <Select
          label="Format"
          value={draft.format}
          onChange={(event) => setDraft({ ...draft, format: event.target.value as OmsExportFormat })}
          options={[
            { value: "XLSX", label: "XLSX" },
            { value: "CSV", label: "CSV" },
          ]}
        />
      </Box>
      <FieldErrors errors={errors} />
      <Box display="flex" gap={2} marginTop={3}>
        <Button size="small" variant="primary" disabled={busy || !valid} onClick={save}>
          {draft.id ? "Save report" : "Add report"}
        </Button>
        {draft.id && (
          <Button size="small" variant="tertiary" onClick={() => setDraft(EMPTY)}>
            Cancel edit
          </Button>
        )}
      </Box>
    </Card>
  );
}
