import { PREPARED, type Db } from "@meterkit/db";
import { sql } from "kysely";
import { quotaExceeded, rateLimited } from "../pipeline/refusals";
import { randomUUID } from "node:crypto";
import { LEASE_KEEPALIVE_MS, type AdmissionLeases, type LeasedAdmission, type LeasePolicy, type LeaseScope } from "./admission-leases";
import { refusedRateLimit, slidingWindow, type RateLimitState, type RateLimits, type SlidingWindow } from "./rate-limit";
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
  /** Whether that limit is the customer's own monthly budget or the plan's hard cap. */
  spendLimitSource: "budget" | "plan";
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
  /** The request's own reservation (null without a limit, or when it came from a lease). */
  reservationId: string | null;
  /** Set when the request's share came from a lease: its reservation (null without a limit). */
  lease: { reservationId: string | null } | null;
  /** Spent plus held by other requests at admission (0 without a limit). */
  committedMicros: number;
  /** false when admission wrote no first checkpoint (a lease admitted it here): the caller writes it. */
  checkpointed: boolean;
};

type AdmissionRow = {
  refused_by: "rate_limit" | "spend_limit" | null;
  /** take_admission_lease only: what the lease holds in all (0 when the request was admitted alone). */
  leased_requests?: number;
  leased_tokens?: number | string;
  leased_micros?: number | string;
  window_tokens: number | null;
  window_requests: number | null;
  previous_tokens: number;
  previous_requests: number;
  reservation_id: string | null;
  spent_micros: number | null;
  held_micros: number | null;
};

/**
 * The rate limit and the spend reservation (decision 080) in one call of a database function, so
 * in one transaction: a request refused by either holds nothing and costs its caller no
 * rate-limit budget, with no undo left to the client. That is `take_admission` (migration 0110),
 * or, when the process keeps leases, `take_admission_lease` (0130), which may also grant the
 * caller a lease for its next requests; while one fits, they are admitted here with no round
 * trip at all (decision 116).
 *
 * The same statement writes an admitted request's first checkpoint (prompt tokens, 0 completion
 * tokens). From here until its usage event is written, a crash of this process leaves a row the
 * worker bills from, so the reply itself never waits for the ledger write (decision 114). A
 * request admitted from a lease has no statement of its own: its caller writes that checkpoint.
 */
export async function takeAdmissionLimits(db: Db, input: AdmissionLimitsInput, leases?: AdmissionLeases): Promise<AdmittedLimits> {
  const scope: LeaseScope = {
    rateLimitKey: input.rateLimitKey,
    customerId: input.customerId,
    spendLimitMicros: input.spendLimitMicros,
    periodStart: input.periodStart,
    rateLimits: input.rateLimits,
  };
  const need = { tokens: input.rateLimitTokens, worstCaseMicros: input.worstCaseMicros };
  const leased = leases ? await leases.takeOrWait(scope, need) : null;
  // Admitted in memory: no statement wrote its first checkpoint, the caller does.
  if (leased) return fromLease(leased, false);

  const asked = leases?.asked(scope);
  try {
    return await admitByStatement(db, input, scope, leases, asked?.requests ?? 1);
  } finally {
    asked?.done();
  }
}

async function admitByStatement(
  db: Db,
  input: AdmissionLimitsInput,
  scope: LeaseScope,
  leases: AdmissionLeases | undefined,
  leaseRequests: number,
): Promise<AdmittedLimits> {
  const now = input.now ?? Date.now();
  const window = slidingWindow(now);
  const { requestsPerMinute, tokensPerMinute } = input.rateLimits;
  const row = await admissionStatement(db, input, window, leases ? { requests: leaseRequests, policy: leases.policy } : undefined);

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
    throw quotaExceeded({ spentMicros, heldMicros, worstCaseMicros: input.worstCaseMicros, limitMicros: input.spendLimitMicros ?? 0, source: input.spendLimitSource }, state);
  }
  const leasedRequests = Number(row.leased_requests ?? 0);
  if (leases && leasedRequests > 0) {
    // The lease was counted whole; this request is its first taker.
    const first = leases.keep(
      scope,
      {
        reservationId: row.reservation_id,
        windowStart: window.windowStart,
        requests: leasedRequests - 1,
        tokens: Number(row.leased_tokens) - input.rateLimitTokens,
        micros: Number(row.leased_micros) - input.worstCaseMicros,
        rateLimit: state,
        committedMicros: spentMicros + heldMicros,
      },
      now,
    );
    return fromLease(first, true);
  }
  return { rateLimit: state, reservationId: row.reservation_id, lease: null, committedMicros: spentMicros + heldMicros, checkpointed: true };
}

function fromLease(leased: LeasedAdmission, checkpointed: boolean): AdmittedLimits {
  const { rateLimit, reservationId, committedMicros } = leased;
  return { rateLimit, reservationId: null, lease: { reservationId }, committedMicros, checkpointed };
}

/** The admission statement: take_admission, or take_admission_lease when leases are kept. */
async function admissionStatement(
  db: Db,
  input: AdmissionLimitsInput,
  window: SlidingWindow,
  lease: { requests: number; policy: LeasePolicy } | undefined,
): Promise<AdmissionRow> {
  const { requestsPerMinute, tokensPerMinute } = input.rateLimits;
  const cp = input.checkpoint;
  const common = sql`
    ${input.rateLimitKey}, ${window.windowStart}::timestamptz, ${window.previousStart}::timestamptz, ${window.previousWeight}::float8,
    ${input.rateLimitTokens}::bigint, ${requestsPerMinute}::integer, ${tokensPerMinute}::bigint,
    ${input.customerId}::uuid, ${input.requestId}, ${input.worstCaseMicros}::bigint, ${input.spendLimitMicros}::bigint,
    ${input.periodStart}::timestamptz, ${`${RESERVATION_TTL_MS} milliseconds`}::interval`;
  const call = lease
    ? sql`take_admission_lease(${common}, ${`lease_${randomUUID()}`}, ${lease.requests}::integer, ${lease.policy.share}::float8,
        ${`${lease.policy.activeMs + LEASE_KEEPALIVE_MS} milliseconds`}::interval)`
    : sql`take_admission(${common})`;
  const { rows } = await sql<AdmissionRow>`${sql.raw(PREPARED)}
    WITH admitted AS MATERIALIZED (SELECT * FROM ${call}),
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
  if (!row) throw new Error("admission returned no row");
  return row;
}
