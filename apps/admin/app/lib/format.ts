/** Display helpers shared by the pages. Dates render in UTC so server and browser agree (no hydration drift). */

// The customer app's style ("Nov 3, 2026"), so an admin and a customer read a date alike.
const dateOnly = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

/** "Nov 3, 2026, 14:05 UTC" (24-hour clock, as in the customer app). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return `${dateOnly.format(d)}, ${d.toISOString().slice(11, 16)} UTC`;
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateOnly.format(new Date(iso)) : "—";
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** 0.0123 → "1.2%". */
export function formatRate(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.001 ? 2 : 1)}%`;
}

/** 75 → "1m 15s", 7200 → "2h 0m", 200000 → "2d 7h". */
export function formatAge(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** YYYY-MM-DD of an ISO instant, in UTC (for <input type="date">). */
export function toDateInput(iso: string): string {
  return iso.slice(0, 10);
}
