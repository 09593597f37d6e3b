import type { Db } from "../db";
import type { TokenClass } from "../ledger/billed-tokens";
import type { StripeClient } from "../stripe/client";

export const TOKEN_CLASSES: readonly TokenClass[] = ["input", "cached_input", "output"];

export interface MeterRow {
  id: string;
  model: string;
  token_class: TokenClass;
  event_name: string;
  stripe_meter_id: string | null;
}

/** Stable slug for a (model, class) meter, e.g. `mk_gpt_4o_mini_input`; never changes once used. */
export function meterEventName(model: string, tokenClass: TokenClass): string {
  const slug = model.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  return `mk_${slug}_${tokenClass}`.slice(0, 100);
}

/** The meter rows for a model's three classes, inserted when missing. Meters are shared by every plan. */
export async function ensureMeterRows(db: Db, model: string): Promise<MeterRow[]> {
  const rows: MeterRow[] = [];
  for (const tokenClass of TOKEN_CLASSES) {
    const eventName = meterEventName(model, tokenClass);
    await db.insertInto("meters").values({ model, token_class: tokenClass, event_name: eventName }).onConflict((oc) => oc.doNothing()).execute();
    const row = await db.selectFrom("meters").select(["id", "model", "token_class", "event_name", "stripe_meter_id"]).where("model", "=", model).where("token_class", "=", tokenClass).executeTakeFirstOrThrow();
    rows.push({ ...row, token_class: row.token_class as TokenClass });
  }
  return rows;
}

/**
 * Makes sure Stripe has a billing meter for the row and stores its id. A meter already in Stripe
 * with our event name (a database restored without its Stripe ids) is adopted, not duplicated.
 */
export async function ensureStripeMeter(db: Db, stripe: StripeClient, meter: MeterRow): Promise<string> {
  if (meter.stripe_meter_id) return meter.stripe_meter_id;
  let stripeId: string | undefined;
  for await (const existing of stripe.billing.meters.list({ limit: 100 })) {
    if (existing.event_name === meter.event_name && existing.status === "active") {
      stripeId = existing.id;
      break;
    }
  }
  if (!stripeId) {
    const created = await stripe.billing.meters.create(
      {
        display_name: `${meter.model} ${meter.token_class.replace("_", " ")} tokens`,
        event_name: meter.event_name,
        default_aggregation: { formula: "sum" },
        customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
        value_settings: { event_payload_key: "value" },
      },
      { idempotencyKey: `mk_meter_${meter.id}` },
    );
    stripeId = created.id;
  }
  await db.updateTable("meters").set({ stripe_meter_id: stripeId }).where("id", "=", meter.id).execute();
  meter.stripe_meter_id = stripeId;
  return stripeId;
}
