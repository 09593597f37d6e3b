/** Whole numbers with thousands separators: 12,345 tokens. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A 0..1 ratio as a percentage with one decimal below 10%: 0.4%, 37%. */
export function formatPercent(ratio: number): string {
  const pct = Math.max(0, ratio) * 100;
  return pct < 10 ? `${pct.toFixed(1)}%` : `${Math.round(pct)}%`;
}

/** A date (ISO string) as "Mar 3, 2026" in UTC, the zone billing periods are in. */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
}

/** A timestamp as "Mar 3, 14:05 UTC". */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return `${d.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" })}, ${d.toISOString().slice(11, 16)} UTC`;
}
