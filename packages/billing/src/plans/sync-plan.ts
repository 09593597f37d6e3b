import { sql } from "kysely";
import type { Db } from "../db";
import { BillingError } from "../errors";
import type { StripeClient } from "../stripe/client";
import { syncMeteredPrices } from "./sync-metered-prices";
import { syncBasePrice, syncProduct, type PlanRow } from "./sync-product";

export interface PlanSyncResult {
  productId: string;
  basePriceId: string;
  /** Stripe objects created or changed; 0 on a second run with nothing new. */
  changes: number;
}

/**
 * Mirrors a plan into Stripe: product, licensed base price, one shared meter per (model, class)
 * and a metered price per meter at the plan's rate. Idempotent: existing objects are found by
 * stored id or lookup_key before anything is created, and creates carry idempotency keys derived
 * from our ids, so a crash between Stripe's answer and our write cannot make a second object.
 */
export async function syncPlanToStripe(db: Db, stripe: StripeClient, planId: string): Promise<PlanSyncResult> {
  const plan = (await db
    .selectFrom("plans")
    .select(["id", "code", "name", "description", "currency", "base_fee_micros", "stripe_product_id", "stripe_base_price_id"])
    .where("id", "=", planId)
    .executeTakeFirst()) as PlanRow | undefined;
  if (!plan) throw new BillingError("plan_not_found", `plan ${planId} does not exist`);

  const product = await syncProduct(db, stripe, plan);
  const base = await syncBasePrice(db, stripe, plan, product.productId);
  const metered = await syncMeteredPrices(db, stripe, plan, product.productId);
  return { productId: product.productId, basePriceId: base.priceId, changes: Number(product.changed) + Number(base.changed) + metered };
}

/** The Stripe prices a new subscription to the plan needs: the base price plus every active metered price. */
export async function activePlanPriceIds(db: Db, planId: string): Promise<{ basePriceId: string | null; meteredPriceIds: string[]; missingMeters: number }> {
  const plan = await db.selectFrom("plans").select("stripe_base_price_id").where("id", "=", planId).executeTakeFirst();
  // Only the meters of the models the plan sells now: a model dropped from the plan keeps no
  // price. A model with no meters yet still gives a row (with no price), so it is counted.
  const { rows } = await sql<{ model: string; stripe_price_id: string | null }>`
    SELECT r.model, pp.stripe_price_id
    FROM plan_rates r
    LEFT JOIN meters m ON m.model = r.model
    LEFT JOIN plan_prices pp ON pp.plan_id = r.plan_id AND pp.meter_id = m.id AND pp.active
    WHERE r.plan_id = ${planId} AND r.superseded_at IS NULL
    ORDER BY m.model, m.token_class`.execute(db);
  const meteredPriceIds = rows.flatMap((p) => (p.stripe_price_id ? [p.stripe_price_id] : []));
  // Three token classes per model (input, cached input, output), each its own meter and price.
  const expected = new Set(rows.map((r) => r.model)).size * TOKEN_CLASSES;
  return { basePriceId: plan?.stripe_base_price_id ?? null, meteredPriceIds, missingMeters: expected - meteredPriceIds.length };
}

const TOKEN_CLASSES = 3;

/**
 * The prices to subscribe a customer to the plan with, synced first if any is missing. A sync
 * that failed halfway (Stripe down while the meters were made) leaves the base price in place
 * but not every metered price: a subscription made then would run usage nobody is invoiced for.
 * Throws `stripe_not_synced` when Stripe still lacks one after the sync.
 */
export async function pricesForNewSubscription(db: Db, stripe: StripeClient, planId: string): Promise<{ basePriceId: string; meteredPriceIds: string[] }> {
  let prices = await activePlanPriceIds(db, planId);
  if (!prices.basePriceId || prices.missingMeters > 0) {
    await syncPlanToStripe(db, stripe, planId);
    prices = await activePlanPriceIds(db, planId);
  }
  if (!prices.basePriceId || prices.missingMeters > 0) {
    throw new BillingError("stripe_not_synced", `plan ${planId} is missing ${prices.basePriceId ? `${prices.missingMeters} metered price(s)` : "its base price"} in Stripe`);
  }
  return { basePriceId: prices.basePriceId, meteredPriceIds: prices.meteredPriceIds };
}
