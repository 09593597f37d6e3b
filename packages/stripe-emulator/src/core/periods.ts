export type Interval = "day" | "week" | "month" | "year";

/**
 * Adds billing intervals in UTC. Months clamp to the last day (Jan 31 + 1 month = Feb 28/29),
 * the way Stripe anchors monthly periods.
 */
export function addInterval(seconds: number, interval: Interval, count = 1): number {
  if (interval === "day") return seconds + count * 86_400;
  if (interval === "week") return seconds + count * 7 * 86_400;
  const d = new Date(seconds * 1000);
  const months = interval === "year" ? 12 * count : count;
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return Math.floor(target.getTime() / 1000);
}
