import type { StripeEmulator } from "@meterkit/stripe-emulator";
import type { Db } from "../db";
import { syncPlanToStripe } from "../plans/sync-plan";
import type { StripeClient } from "../stripe/client";
import { seedCustomers, seedPlan, type PlanSeed } from "./fixtures";

/** A plan synced to Stripe and `count` customers that exist in Stripe. */
export async function syncedCustomers(db: Db, stripe: StripeClient, count: number, plan: PlanSeed = {}): Promise<{ planId: string; customers: string[] }> {
  const planId = await seedPlan(db, plan);
  await syncPlanToStripe(db, stripe, planId);
  return { planId, customers: await seedCustomers(db, planId, count, stripe) };
}

/** Per (customer id, meter id): what Stripe accepted (and did not cancel), from the emulator's own records. */
export async function stripeTotals(db: Db, emulator: StripeEmulator): Promise<Map<string, number>> {
  const customers = new Map((await db.selectFrom("customers").select(["id", "stripe_customer_id"]).execute()).map((c) => [c.stripe_customer_id, c.id]));
  const meters = new Map((await db.selectFrom("meters").select(["id", "event_name"]).execute()).map((m) => [m.event_name, m.id]));
  const totals = new Map<string, number>();
  for (const e of emulator.meterEvents()) {
    if (e.status !== "accepted") continue;
    const key = `${customers.get(e.customer ?? "")}|${meters.get(e.event_name)}`;
    totals.set(key, (totals.get(key) ?? 0) + (e.value ?? 0));
  }
  return totals;
}
