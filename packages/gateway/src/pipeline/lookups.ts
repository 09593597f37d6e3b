import type { Db } from "@meterkit/db";
import { findRate, loadAccount, type Account, type PlanRate } from "./account";
import { TtlCache } from "./ttl-cache";

/** The per-request reads that do not decide money: who the customer is, their plan, its rate. */
export type Lookups = {
  account(customerId: string): Promise<Account | null>;
  rate(planId: string, model: string): Promise<PlanRate | null>;
};

export function directLookups(db: Db): Lookups {
  return { account: (id) => loadAccount(db, id), rate: (planId, model) => findRate(db, planId, model) };
}

/**
 * Lookups remembered for `ttlMs` (decision 082): a plan change, a new rate or a suspension
 * takes effect within that time. Spend, reservations and rate limits are never cached.
 */
export function cachedLookups(db: Db, ttlMs: number): Lookups {
  const accounts = new TtlCache<Account | null>(ttlMs);
  const rates = new TtlCache<PlanRate | null>(ttlMs);
  return {
    account: (id) => accounts.get(id, () => loadAccount(db, id)),
    rate: (planId, model) => rates.get(`${planId}\u0000${model}`, () => findRate(db, planId, model)),
  };
}
