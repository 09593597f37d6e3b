/**
 * CPU-time measurement for side-by-side comparisons. CPU time (user + system of this process)
 * rather than wall time, because the benchmark machine may be shared; candidates run in
 * alternating order over several rounds after a warm-up, and ratios are taken per round and
 * then the median, so drift and noise hit both sides alike.
 */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

export async function cpuMs(fn: () => unknown): Promise<number> {
  collectGarbage?.();
  const start = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export type Rounds<K extends string> = Record<K, number[]>;

export async function alternate<K extends string>(
  candidates: Record<K, () => unknown>,
  options: { warmup: number; rounds: number },
): Promise<Rounds<K>> {
  const names = Object.keys(candidates) as K[];
  for (let i = 0; i < options.warmup; i++) for (const name of names) await candidates[name]();
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Rounds<K>;
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) times[name].push(await cpuMs(candidates[name]));
  }
  return times;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median over rounds of a / b, pairing the two candidates' times of the same round. */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / b[i]!));
}

export const gcAvailable = collectGarbage !== undefined;

/** The p-th percentile (nearest rank) of values sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
