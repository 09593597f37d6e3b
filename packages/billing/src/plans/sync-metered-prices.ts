import Stripe from "stripe";
import type { Db } from "../db";
import type { TokenClass } from "../ledger/billed-tokens";
import type { StripeClient } from "../stripe/client";
import { centsPerTokenDecimal } from "@meterkit/metering";
import { ensureMeterRows, ensureStripeMeter, type MeterRow } from "./meters";
import type { PlanRow } from "./sync-product";

interface RateRow {
  model: string;
  version: number | string;
  input_micros_per_mtok: number | string;
  cached_input_micros_per_mtok: number | string;
  output_micros_per_mtok: number | string;
}

function rateFor(rate: RateRow, tokenClass: TokenClass): number | string {
  if (tokenClass === "input") return rate.input_micros_per_mtok;
  if (tokenClass === "cached_input") return rate.cached_input_micros_per_mtok;
  return rate.output_micros_per_mtok;
}

const TOKEN_CLASS_LABEL: Record<TokenClass, string> = { input: "input tokens", cached_input: "cached input tokens", output: "output tokens" };

/**
 * The product a metered price is sold as. Stripe names an invoice or checkout line after the
 * price's product (a nickname is never shown to customers), so with every price on the plan's
 * product a customer saw one line per model and token class, all called by the plan's name. Each
 * (plan, meter) gets its own product, named for what it counts; a new rate keeps the product of
 * the price it replaces. Prices created before this stay on the plan's product.
 */
async function meteredProduct(
  stripe: StripeClient,
  plan: PlanRow,
  meter: MeterRow,
  active: Array<{ stripe_price_id: string | null }>,
  planProductId: string,
): Promise<{ id: string; created: boolean }> {
  const previous = active.find((p) => p.stripe_price_id)?.stripe_price_id;
  if (previous) {
    const { product } = await stripe.prices.retrieve(previous);
    const id = typeof product === "string" ? product : product.id;
    if (id !== planProductId) return { id, created: false };
  }
  const created = await stripe.products.create(
    {
      name: `${meter.model} ${TOKEN_CLASS_LABEL[meter.token_class]}`,
      description: `Usage billed per token on the ${plan.code} plan.`,
      unit_label: "token",
      metadata: { meterkit_plan_id: plan.id, meterkit_meter_id: meter.id },
    },
    { idempotencyKey: `mk_meter_product_${plan.id}_${meter.id}` },
  );
  return { id: created.id, created: true };
}

/**
 * One metered price per (plan, meter) at the plan's current rate. A price whose amount still
 * matches is left alone; a changed amount gets a new price (new rate_version) and the old one is
 * deactivated in Stripe and in plan_prices but kept, because past invoices reference it.
 * Returns how many Stripe objects were created or changed.
 */
export async function syncMeteredPrices(db: Db, stripe: StripeClient, plan: PlanRow, productId: string): Promise<number> {
  const rates = (await db
    .selectFrom("plan_rates")
    .select(["model", "version", "input_micros_per_mtok", "cached_input_micros_per_mtok", "output_micros_per_mtok"])
    .where("plan_id", "=", plan.id)
    .where("superseded_at", "is", null)
    .execute()) as RateRow[];

  let changes = 0;
  for (const rate of rates) {
    for (const meter of await ensureMeterRows(db, rate.model)) {
      const hadMeter = meter.stripe_meter_id !== null;
      const stripeMeterId = await ensureStripeMeter(db, stripe, meter);
      if (!hadMeter) changes++;
      const amount = centsPerTokenDecimal(Number(rateFor(rate, meter.token_class)));
      const version = Number(rate.version);

      const active = await db.selectFrom("plan_prices").selectAll().where("plan_id", "=", plan.id).where("meter_id", "=", meter.id).where("active", "=", true).execute();
      if (active.some((p) => p.unit_amount_decimal === amount && p.stripe_price_id)) continue;

      const lookupKey = `mk_${plan.code}_${meter.event_name}_v${version}`.slice(0, 200);
      const found = await stripe.prices.list({ lookup_keys: [lookupKey], limit: 1 });
      const product = found.data[0] ? null : await meteredProduct(stripe, plan, meter, active, productId);
      if (product?.created) changes++;
      const price =
        found.data[0] ??
        (await stripe.prices.create(
          {
            currency: plan.currency,
            product: product!.id,
            nickname: `${meter.model} ${meter.token_class.replace("_", " ")} (v${version})`,
            recurring: { interval: "month", usage_type: "metered", meter: stripeMeterId },
            billing_scheme: "per_unit",
            unit_amount_decimal: Stripe.Decimal.from(amount),
            lookup_key: lookupKey,
            metadata: { meterkit_plan_id: plan.id, meterkit_meter_id: meter.id, meterkit_rate_version: String(version) },
          },
          { idempotencyKey: `mk_price_${plan.id}_${meter.id}_v${version}` },
        ));
      changes++;

      for (const old of active) {
        if (old.stripe_price_id) await stripe.prices.update(old.stripe_price_id, { active: false });
        await db.updateTable("plan_prices").set({ active: false }).where("id", "=", old.id).execute();
      }
      await db
        .insertInto("plan_prices")
        .values({ plan_id: plan.id, meter_id: meter.id, rate_version: version, unit_amount_decimal: amount, stripe_price_id: price.id, active: true })
        .execute();
    }
  }
  return changes;
}
