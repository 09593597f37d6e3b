export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const show = (value: unknown): string => {
  if (value === undefined) return "—";
  if (value === null) return "null";
  return typeof value === "string" ? value : JSON.stringify(value);
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
  if (!b && !a) return before === after ? [] : [{ field: "value", before: show(before), after: show(after) }];
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return keys
    .filter((key) => JSON.stringify(b?.[key]) !== JSON.stringify(a?.[key]))
    .map((key) => ({ field: key, before: b ? show(b[key]) : "—", after: a ? show(a[key]) : "—" }));
}
