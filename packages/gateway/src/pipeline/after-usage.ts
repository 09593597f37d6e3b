import { scheduleCustomerFlush } from "@meterkit/billing";
import type { Db } from "@meterkit/db";
import { RateLimitCorrections } from "../limits/rate-limit-corrections";
import { recordSpendAlertIfDue, SOFT_ALERT_PCT } from "../limits/spend-alerts";
import type { Admission } from "./admit";
import type { ChatDeps, ChatResult } from "./types";

/**
 * Follow-ups of a written usage event that the reply must not wait for: the rate-limit bucket
 * learns the real size, the 80% alert is recorded, an immediate-flush plan is sent to Stripe.
 * Each runs in the background and reports failures to onBackgroundError.
 */
export function afterUsage(deps: ChatDeps, admission: Admission, result: ChatResult): void {
  const report = (what: string) => (error: unknown) => deps.onBackgroundError?.(error, what);

  const bucket = admission.rateLimit?.bucket;
  if (bucket) {
    // Admission counted max_tokens (or nothing when it was absent); the bucket gets the truth.
    correctionsFor(deps.db, report("rate limit correction")).add(bucket, result.usage.completionTokens - (admission.requestedMaxTokens ?? 0));
  }

  const limit = admission.spendLimitMicros;
  if (limit !== null && result.usageEventId) {
    // Spent plus in flight at admission, plus this reply, bounds the spend from above for all
    // requests admitted before us; the real spend is re-read only when that bound is near.
    const estimate = admission.committedMicrosAtAdmission + result.usage.costMicros;
    if (estimate * 100 >= limit * SOFT_ALERT_PCT) {
      recordSpendAlertIfDue(deps.db, { customerId: admission.customerId, periodStart: admission.periodStart, limitMicros: limit }).catch(
        report("spend alert"),
      );
    }
  }

  if (admission.plan.flush_policy === "immediate" && result.usageEventId && deps.stripe) {
    scheduleCustomerFlush(deps.db, deps.stripe, admission.customerId, report("immediate flush"));
  }
}

// One batcher per database handle, shared by every request of the process.
const batchers = new WeakMap<Db, RateLimitCorrections>();

function correctionsFor(db: Db, onError: (error: unknown) => void): RateLimitCorrections {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new RateLimitCorrections(db, onError)));
  return batcher;
}
