/** The IANA time zones a select offers: those this browser knows, with UTC and `current` among them (a zone saved elsewhere stays shown), sorted. */
export function timeZoneOptions(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set([...known, "UTC", current])].sort((a, b) => a.localeCompare(b));
}
