export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/**
 * A report is given up (dead, for an operator's Retry) only after 6 to 12 hours of failures:
 * delays double from 1 s to the 1 h cap, 24 attempts in all. With 8 attempts it was about two
 * minutes, so a short Stripe incident or a rotated key dead-lettered report after report.
 */
export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 3_600_000, maxAttempts: 24 };

/** The shortest time a report is retried before it is given up, jitter taking half of every delay. */
export function shortestRetrySpanMs(policy: BackoffPolicy): number {
  let total = 0;
  for (let attempts = 1; attempts < policy.maxAttempts; attempts++) total += backoffDelayMs(attempts, policy, () => 0);
  return total;
}

/**
 * Delay before attempt `attempts + 1`: exponential with "equal jitter" (half fixed, half random),
 * so a burst of failed reports does not come back as a burst, while the delay still grows.
 */
export function backoffDelayMs(attempts: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
