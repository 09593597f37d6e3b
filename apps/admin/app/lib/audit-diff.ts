export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

import { formatDateTime } from "./format";
import { formatMicros } from "./money";

// An instant as the API writes it (toISOString, or Postgres' JSON form with an offset).
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A value as an admin reads it: instants as dates, money fields (`…Micros`, `…_micros`) as dollars. */
const show = (field: string, value: unknown): string => {
  if (value === undefined) return "—";
  if (value === null) return "none";
  if (/micros$/i.test(field) && (typeof value === "number" || (typeof value === "string" && /^-?\d+$/.test(value)))) return formatMicros(Number(value));
  if (typeof value === "string") return ISO_INSTANT.test(value) ? formatDateTime(value) : value;
  return JSON.stringify(value);
};

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/**
 * What an audit entry changed, field by field: the top-level keys whose values differ between
 * `before` and `after` (nested values compared as JSON). An entry with no `before` (a creation,
 * a ledger event) lists every field of `after`.
 */
export function auditChanges(before: unknown, after: unknown): FieldChange[] {
  const b = asRecord(before);
  const a = asRecord(after);
  if (!b && !a) return before === after ? [] : [{ field: "value", before: show("value", before), after: show("value", after) }];
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return keys
    .filter((key) => JSON.stringify(b?.[key]) !== JSON.stringify(a?.[key]))
    .map((key) => ({ field: key, before: b ? show(key, b[key]) : "—", after: a ? show(key, a[key]) : "—" }));
}
