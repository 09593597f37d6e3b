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
export async function activePlanPriceIds(db: Db, planId: string): Promise<{ basePriceId: string | null; meteredPriceIds: string[] }> {
  const plan = await db.selectFrom("plans").select("stripe_base_price_id").where("id", "=", planId).executeTakeFirst();
  const prices = await db.selectFrom("plan_prices").select("stripe_price_id").where("plan_id", "=", planId).where("active", "=", true).execute();
  return { basePriceId: plan?.stripe_base_price_id ?? null, meteredPriceIds: prices.flatMap((p) => (p.stripe_price_id ? [p.stripe_price_id] : [])) };
}
