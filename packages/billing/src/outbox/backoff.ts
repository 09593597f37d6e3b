export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 3_600_000, maxAttempts: 8 };

/**
 * Delay before attempt `attempts + 1`: exponential with "equal jitter" (half fixed, half random),
 * so a burst of failed reports does not come back as a burst, while the delay still grows.
 */
export function backoffDelayMs(attempts: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
