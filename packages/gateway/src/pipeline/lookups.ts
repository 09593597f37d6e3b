import type { Account, PlanRate } from "./account";

/**
 * The per-request reads that do not decide money: who the customer is, their plan, its rate.
 * GatewayCaches provides the cached ones; without any, the pipeline reads them directly.
 */
export type Lookups = {
  account(customerId: string): Promise<Account | null>;
  rate(planId: string, model: string): Promise<PlanRate | null>;
};
