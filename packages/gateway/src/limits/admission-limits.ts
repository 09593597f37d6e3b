import type { Db } from "@meterkit/db";
import { quotaExceeded, rateLimited } from "../pipeline/refusals";
import { adjustRateLimit, takeRateLimit, type RateLimitState, type RateLimits } from "./rate-limit";
import { releaseReservation, reserve } from "./reservations";

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
};

export type AdmittedLimits = {
  rateLimit: RateLimitState;
  reservationId: string | null;
  /** Spent plus held by other requests at admission (0 without a limit). */
  committedMicros: number;
};

/**
 * The rate limit and the reservation (decision 080), run at once since each is its own round
 * trip. Whichever passed is undone when the other refuses or fails, so a refused request holds
 * nothing and costs its caller no rate-limit budget.
 */
export async function takeAdmissionLimits(
  db: Db,
  input: AdmissionLimitsInput,
  onBackgroundError: (error: unknown) => void,
): Promise<AdmittedLimits> {
  const [limitOutcome, heldOutcome] = await Promise.allSettled([
    takeRateLimit(db, { key: input.rateLimitKey, tokens: input.rateLimitTokens, limits: input.rateLimits }),
    input.spendLimitMicros === null
      ? null
      : reserve(db, {
          customerId: input.customerId,
          requestId: input.requestId,
          amountMicros: input.worstCaseMicros,
          limitMicros: input.spendLimitMicros,
          periodStart: input.periodStart,
        }),
  ]);
  const held = heldOutcome.status === "fulfilled" ? heldOutcome.value : null;
  const limit = limitOutcome.status === "fulfilled" ? limitOutcome.value : null;
  const undoReservation = () => (held?.admitted ? releaseReservation(db, input.requestId) : Promise.resolve());
  const undoRateLimit = () => {
    if (limit?.allowed && limit.bucket) {
      adjustRateLimit(db, limit.bucket, { tokens: -input.rateLimitTokens, requests: -1 }).catch(onBackgroundError);
    }
  };

  if (limitOutcome.status === "rejected" || heldOutcome.status === "rejected") {
    await undoReservation();
    undoRateLimit();
    throw limitOutcome.status === "rejected" ? limitOutcome.reason : (heldOutcome as PromiseRejectedResult).reason;
  }
  if (!limit) throw new Error("unreachable: rate limit outcome missing");
  if (held && !held.admitted) {
    undoRateLimit();
    const amounts = { ...held, worstCaseMicros: input.worstCaseMicros, limitMicros: input.spendLimitMicros ?? 0 };
    throw quotaExceeded(amounts, limit);
  }
  if (!limit.allowed) {
    await undoReservation();
    throw rateLimited(limit, input.model, input.rateLimitTokens);
  }
  return {
    rateLimit: limit,
    reservationId: held?.admitted ? held.reservationId : null,
    committedMicros: held ? held.spentMicros + held.heldMicros : 0,
  };
}
