import type { EmulatorState } from "../core/state";
import type { IdempotentResponse } from "../core/store";
import { idempotencyMismatch } from "./errors";

const KEY_TTL_SECONDS = 24 * 60 * 60;

/**
 * Stripe replays the saved response for a repeated `Idempotency-Key` with the same parameters,
 * and rejects the key with `idempotency_error` when the endpoint or parameters differ.
 */
export function replayFor(state: EmulatorState, key: string, method: string, path: string, paramsHash: string): IdempotentResponse | undefined {
  const saved = state.data.idempotency[key];
  if (!saved || saved.created <= state.now() - KEY_TTL_SECONDS) return undefined;
  if (saved.method !== method || saved.path !== path) throw idempotencyMismatch(key, "endpoint");
  if (saved.paramsHash !== paramsHash) throw idempotencyMismatch(key, "parameters");
  return saved;
}

/**
 * Saves a result for replay. Like Stripe, only requests that ran are saved: successes and
 * card errors, not validation failures, rate limits or server errors.
 */
export function remember(state: EmulatorState, key: string, entry: Omit<IdempotentResponse, "created">): void {
  if (!(entry.status < 300 || entry.status === 402)) return;
  const now = state.now();
  state.data.idempotency[key] = { ...entry, created: now };
  // Prune expired keys now and then rather than on every request.
  if (Math.random() < 0.01) {
    for (const [k, v] of Object.entries(state.data.idempotency)) if (v.created <= now - KEY_TTL_SECONDS) delete state.data.idempotency[k];
  }
  state.changed();
}
