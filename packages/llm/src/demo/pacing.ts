/**
 * When each token may leave the server. Times are computed from the start of the request, not
 * from the previous write, so slow writes do not make the whole reply drift later and later.
 */
export type Pacing = { tokensPerSecond: number; firstTokenLatencyMs: number };

export const devPacing: Pacing = { tokensPerSecond: 50, firstTokenLatencyMs: 150 };

/** Infinity (or 0) tokens per second means "as fast as the socket takes it". */
export function isUnpaced(pacing: Pacing): boolean {
  return !Number.isFinite(pacing.tokensPerSecond) || pacing.tokensPerSecond <= 0;
}

/** Milliseconds after the start at which the token with index `tokensBefore` is due. */
export function dueAt(pacing: Pacing, tokensBefore: number): number {
  const perToken = isUnpaced(pacing) ? 0 : 1000 / pacing.tokensPerSecond;
  return pacing.firstTokenLatencyMs + tokensBefore * perToken;
}
