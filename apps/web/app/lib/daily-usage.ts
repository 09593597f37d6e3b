import type { DailyUsagePoint } from "./stream-parts";

export interface DailyModelRow {
  day: string;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costMicros: number;
}

/**
 * The ledger's per-day-and-model rows as one point per UTC day from `since` to `until`
 * (inclusive), days without usage as zeros so the chart's axis has no gaps. Cached input counts
 * as input here; the usage page's table keeps the classes apart.
 */
export function dailyPoints(rows: readonly DailyModelRow[], since: Date, until: Date): DailyUsagePoint[] {
  const byDay = new Map<string, DailyUsagePoint>();
  for (let t = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()); t <= until.getTime(); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    byDay.set(day, { day, inputTokens: 0, outputTokens: 0, costMicros: 0 });
  }
  for (const row of rows) {
    const point = byDay.get(row.day) ?? { day: row.day, inputTokens: 0, outputTokens: 0, costMicros: 0 };
    point.inputTokens += row.inputTokens + row.cachedInputTokens;
    point.outputTokens += row.outputTokens;
    point.costMicros += row.costMicros;
    byDay.set(row.day, point);
  }
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}
