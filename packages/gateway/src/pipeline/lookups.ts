import type { Db } from "@meterkit/db";
import { findRate, loadAccount, type Account, type PlanRate } from "./account";

/** The per-request reads that do not decide money: who the customer is, their plan, its rate. */
export type Lookups = {
  account(customerId: string): Promise<Account | null>;
  rate(planId: string, model: string): Promise<PlanRate | null>;
};

export function directLookups(db: Db): Lookups {
  return { account: (id) => loadAccount(db, id), rate: (planId, model) => findRate(db, planId, model) };
}
