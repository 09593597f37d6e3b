import { PREPARED, type Db } from "@meterkit/db";
import { sql } from "kysely";
import { quotaExceeded, rateLimited } from "../pipeline/refusals";
import { refusedRateLimit, slidingWindow, type RateLimitState, type RateLimits } from "./rate-limit";
import { RESERVATION_TTL_MS } from "./reservations";

export type AdmissionLimitsInput = {
  requestId: string;
  customerId: string;
  model: string;
  rateLimitKey: string;
  rateLimits: RateLimits;
  /** What the request counts against tokens per minute at admission. */
  rateLimitTokens: number;
  worstCaseMicros: number;
  /** null: no cap and no budget, nothing to reserve. */
  spendLimitMicros: number | null;
  periodStart: Date;
  /** The request's first checkpoint, written when it is admitted (see below). */
  checkpoint: AdmissionCheckpoint;
  now?: number;
};

/** The columns of usage_checkpoints that admission knows; the count of completion tokens starts at 0. */
export type AdmissionCheckpoint = {
  userId: string | null;
  apiKeyId: string | null;
  conversationId: string | null;
  /** The catalog id of the model called. */
  model: string;
  planId: string;
  /** The prompt tokens the plan bills (sent or effective). */
  billedPromptTokens: number;
  startedAt: Date;
};

export type AdmittedLimits = {
  rateLimit: RateLimitState;
  reservationId: string | null;
  /** Spent plus held by other requests at admission (0 without a limit). */
  committedMicros: number;
};

type AdmissionRow = {
  refused_by: "rate_limit" | "spend_limit" | null;
  window_tokens: number | null;
  window_requests: number | null;
  previous_tokens: number;
  previous_requests: number;
  reservation_id: string | null;
  spent_micros: number | null;
  held_micros: number | null;
};

/**
 * The rate limit and the spend reservation (decision 080) in one call of the database function
 * `take_admission` (migration 0110), so in one transaction: a request refused by either holds
 * nothing and costs its caller no rate-limit budget, with no undo left to the client.
 *
 * The same statement writes an admitted request's first checkpoint (prompt tokens, 0 completion
 * tokens). From here until its usage event is written, a crash of this process leaves a row the
 * worker bills from, so the reply itself never waits for the ledger write (decision 114).
 */
export async function takeAdmissionLimits(db: Db, input: AdmissionLimitsInput): Promise<AdmittedLimits> {
  const window = slidingWindow(input.now ?? Date.now());
  const { requestsPerMinute, tokensPerMinute } = input.rateLimits;
  const cp = input.checkpoint;
  const { rows } = await sql<AdmissionRow>`${sql.raw(PREPARED)}
    WITH admitted AS MATERIALIZED (
      SELECT * FROM take_admission(
        ${input.rateLimitKey}, ${window.windowStart}::timestamptz, ${window.previousStart}::timestamptz, ${window.previousWeight}::float8,
        ${input.rateLimitTokens}::bigint, ${requestsPerMinute}::integer, ${tokensPerMinute}::bigint,
        ${input.customerId}::uuid, ${input.requestId}, ${input.worstCaseMicros}::bigint, ${input.spendLimitMicros}::bigint,
        ${input.periodStart}::timestamptz, ${`${RESERVATION_TTL_MS} milliseconds`}::interval
      )
    ),
    checkpointed AS (
      INSERT INTO usage_checkpoints
        (request_id, customer_id, user_id, api_key_id, conversation_id, model, plan_id, prompt_tokens, completion_text_tokens, started_at, updated_at)
      SELECT ${input.requestId}, ${input.customerId}::uuid, ${cp.userId}::uuid, ${cp.apiKeyId}::uuid, ${cp.conversationId}::uuid,
             ${cp.model}, ${cp.planId}::uuid, ${cp.billedPromptTokens}::integer, 0, ${cp.startedAt}::timestamptz, now()
      FROM admitted WHERE refused_by IS NULL
    )
    SELECT * FROM admitted
  `.execute(db);
  const row = rows[0];
  if (!row) throw new Error("take_admission returned no row");

  if (row.refused_by === "rate_limit") {
    // Nothing was counted; one more read says which limit refused and when it resets.
    const decision = await refusedRateLimit(db, { key: input.rateLimitKey, tokens: input.rateLimitTokens, limits: input.rateLimits }, window);
    throw rateLimited(decision, input.model, input.rateLimitTokens);
  }
  const state: RateLimitState = {
    limits: input.rateLimits,
    remainingRequests: Math.max(0, requestsPerMinute - Number(row.window_requests) - row.previous_requests),
    remainingTokens: Math.max(0, tokensPerMinute - Number(row.window_tokens) - Number(row.previous_tokens)),
    resetMs: window.resetMs,
    bucket: row.refused_by === null ? { key: input.rateLimitKey, windowStart: window.windowStart } : null,
  };
  const spentMicros = Number(row.spent_micros ?? 0);
  const heldMicros = Number(row.held_micros ?? 0);
  if (row.refused_by === "spend_limit") {
    throw quotaExceeded({ spentMicros, heldMicros, worstCaseMicros: input.worstCaseMicros, limitMicros: input.spendLimitMicros ?? 0 }, state);
  }
  return { rateLimit: state, reservationId: row.reservation_id, committedMicros: spentMicros + heldMicros };
}
