import type { Plan, PlanRate } from "../schema/index.js";
import { isUuid, type Executor } from "./executor.js";

export interface PlanWithRates extends Plan {
  /** Current (not superseded) rate per model, ordered by model. */
  rates: PlanRate[];
}

async function withRates(db: Executor, plans: Plan[]): Promise<PlanWithRates[]> {
  if (plans.length === 0) return [];
  const rates = await db
    .selectFrom("plan_rates")
    .selectAll()
    .where("plan_id", "in", plans.map((p) => p.id))
    .where("superseded_at", "is", null)
    .orderBy("model")
    .execute();
  return plans.map((plan) => ({ ...plan, rates: rates.filter((r) => r.plan_id === plan.id) }));
}

/** Plans a visitor may subscribe to, cheapest first, each with its current rates. */
export async function listPublicPlans(db: Executor): Promise<PlanWithRates[]> {
  const plans = await db
    .selectFrom("plans")
    .selectAll()
    .where("is_public", "=", true)
    .where("archived_at", "is", null)
    .orderBy("base_fee_micros")
    .orderBy("code")
    .execute();
  return withRates(db, plans);
}

export async function getPlan(db: Executor, id: string): Promise<Plan | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom("plans").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function getPlanByCode(db: Executor, code: string): Promise<Plan | undefined> {
  return db.selectFrom("plans").selectAll().where("code", "=", code).executeTakeFirst();
}

export async function getPlanWithRates(db: Executor, id: string): Promise<PlanWithRates | undefined> {
  const plan = await getPlan(db, id);
  return plan ? (await withRates(db, [plan]))[0] : undefined;
}

/** The rate a new request on this plan and model is costed with; undefined = model not in plan. */
export async function getCurrentRate(db: Executor, planId: string, model: string): Promise<PlanRate | undefined> {
  if (!isUuid(planId)) return undefined;
  return db
    .selectFrom("plan_rates")
    .selectAll()
    .where("plan_id", "=", planId)
    .where("model", "=", model)
    .where("superseded_at", "is", null)
    .executeTakeFirst();
}

/** A specific version, e.g. the one a usage event names. */
export async function getRateVersion(db: Executor, planId: string, model: string, version: number): Promise<PlanRate | undefined> {
  if (!isUuid(planId)) return undefined;
  return db
    .selectFrom("plan_rates")
    .selectAll()
    .where("plan_id", "=", planId)
    .where("model", "=", model)
    .where("version", "=", version)
    .executeTakeFirst();
}
