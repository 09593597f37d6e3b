const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Today and the first of this month as YYYY-MM-DD in UTC: the reconciliation form's defaults. */
export function defaultPeriodDates(now = new Date()): { from: string; through: string } {
  const through = now.toISOString().slice(0, 10);
  return { from: `${through.slice(0, 8)}01`, through };
}

/**
 * A period typed as two calendar dates (UTC), both inclusive, as the half-open instant range
 * [from 00:00, day after `through` 00:00) that reconciliation works on. Ending at the next
 * midnight instead of "now" keeps usage from the current minute inside the window.
 */
export function periodFromDates(from: string, through: string): { ok: true; periodStart: string; periodEnd: string } | { ok: false; fieldErrors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const start = dayPattern.test(from) ? new Date(`${from}T00:00:00Z`) : null;
  const last = dayPattern.test(through) ? new Date(`${through}T00:00:00Z`) : null;
  if (!start || Number.isNaN(start.getTime())) errors.from = ["Pick the first day of the period."];
  if (!last || Number.isNaN(last.getTime())) errors.through = ["Pick the last day of the period."];
  if (start && last && !errors.from && !errors.through && last < start) errors.through = ["The last day cannot be before the first."];
  if (Object.keys(errors).length || !start || !last) return { ok: false, fieldErrors: errors };
  return { ok: true, periodStart: start.toISOString(), periodEnd: new Date(last.getTime() + DAY_MS).toISOString() };
}

export interface RunSummary {
  status: string;
  pairs: number | null;
  mismatched: number | null;
  ledgerTotal: number | null;
  stripeTotal: number | null;
}

/** The run's stored summary (jsonb), read defensively: older or failed runs may lack fields. */
export function readRunSummary(summary: unknown): RunSummary {
  const s = (typeof summary === "string" ? safeJson(summary) : summary) as Record<string, unknown> | null;
  const num = (v: unknown) => (typeof v === "number" ? v : typeof v === "string" && v !== "" && !Number.isNaN(Number(v)) ? Number(v) : null);
  return {
    status: typeof s?.status === "string" ? s.status : "unknown",
    pairs: num(s?.pairs),
    mismatched: num(s?.mismatched),
    ledgerTotal: num(s?.ledgerTotal),
    stripeTotal: num(s?.stripeTotal),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
