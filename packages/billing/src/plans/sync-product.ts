import Stripe from "stripe";
import type { Db } from "../db";
import type { StripeClient } from "../stripe/client";

export interface PlanRow {
  id: string;
  code: string;
  name: string;
  description: string | null;
  currency: string;
  base_fee_micros: number | string;
  stripe_product_id: string | null;
  stripe_base_price_id: string | null;
}

/** Creates the plan's Stripe product once; afterwards only name/description drift is written back. */
export async function syncProduct(db: Db, stripe: StripeClient, plan: PlanRow): Promise<{ productId: string; changed: boolean }> {
  const wanted = { name: plan.name, description: plan.description || undefined };
  if (plan.stripe_product_id) {
    const product = await stripe.products.retrieve(plan.stripe_product_id);
    if (product.name === wanted.name && (product.description ?? undefined) === wanted.description) return { productId: product.id, changed: false };
    await stripe.products.update(product.id, { name: wanted.name, ...(wanted.description ? { description: wanted.description } : {}) });
    return { productId: product.id, changed: true };
  }
  const product = await stripe.products.create(
    { ...wanted, metadata: { meterkit_plan_id: plan.id, meterkit_plan_code: plan.code } },
    { idempotencyKey: `mk_product_${plan.id}` },
  );
  await db.updateTable("plans").set({ stripe_product_id: product.id }).where("id", "=", plan.id).execute();
  return { productId: product.id, changed: true };
}

/**
 * The licensed monthly base price. Stripe prices are immutable, so a new fee means a new price
 * and the old one is deactivated (kept for existing invoices).
 */
export async function syncBasePrice(db: Db, stripe: StripeClient, plan: PlanRow, productId: string): Promise<{ priceId: string; changed: boolean }> {
  const feeMicros = BigInt(plan.base_fee_micros);
  // Whole cents go in unit_amount; a fee with sub-cent micros needs the decimal form.
  const decimal = feeMicros % 10_000n === 0n ? null : Stripe.Decimal.from(centsDecimal(feeMicros));
  const amount = decimal ? { unit_amount_decimal: decimal } : { unit_amount: Number(feeMicros / 10_000n) };
  if (plan.stripe_base_price_id) {
    const current = await stripe.prices.retrieve(plan.stripe_base_price_id);
    const same = decimal ? current.unit_amount_decimal?.eq(decimal) === true : current.unit_amount === amount.unit_amount;
    if (same && current.active) return { priceId: current.id, changed: false };
    if (current.active) await stripe.prices.update(current.id, { active: false });
  }
  const lookupKey = `mk_base_${plan.code}_${feeMicros}`;
  const found = await stripe.prices.list({ lookup_keys: [lookupKey], limit: 1 });
  const price =
    found.data[0] ??
    (await stripe.prices.create(
      {
        currency: plan.currency,
        product: productId,
        recurring: { interval: "month", usage_type: "licensed" },
        lookup_key: lookupKey,
        metadata: { meterkit_plan_id: plan.id, meterkit_kind: "base" },
        ...amount,
      },
      { idempotencyKey: `mk_base_price_${plan.id}_${feeMicros}` },
    ));
  if (!price.active) await stripe.prices.update(price.id, { active: true });
  await db.updateTable("plans").set({ stripe_base_price_id: price.id }).where("id", "=", plan.id).execute();
  return { priceId: price.id, changed: true };
}

function centsDecimal(micros: bigint): string {
  const digits = micros.toString().padStart(5, "0");
  return `${digits.slice(0, -4)}.${digits.slice(-4)}`.replace(/\.?0+$/, "");
}
