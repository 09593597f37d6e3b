import { useTestDb } from "@meterkit/db/testing";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { useEmulator } from "../test/emulator";
import { MODEL, seedPlan } from "../test/fixtures";
import { syncPlanToStripe } from "./sync-plan";

const t = useTestDb();
const s = useEmulator();

const apiCreates = () =>
  Object.entries(s.emulator.stats().requests)
    .filter(([key]) => key.startsWith("POST"))
    .reduce((sum, [, n]) => sum + n, 0);

describe("syncPlanToStripe", () => {
  it("creates product, base price, three meters and three metered prices once; a second run changes nothing", async () => {
    const planId = await seedPlan(t.db, { rate: [150_000, 75_000, 600_000] });
    const first = await syncPlanToStripe(t.db, s.stripe, planId);
    // product, base price, 3 meters, 3 metered products, 3 metered prices
    expect(first.changes).toBe(1 + 1 + 3 + 3 + 3);

    const postsBefore = apiCreates();
    const second = await syncPlanToStripe(t.db, s.stripe, planId);
    expect(second).toEqual({ ...first, changes: 0 });
    expect(apiCreates()).toBe(postsBefore);

    const prices = await t.db.selectFrom("plan_prices").selectAll().where("plan_id", "=", planId).execute();
    expect(prices.map((p) => p.unit_amount_decimal).sort()).toEqual(["0.0000075", "0.000015", "0.00006"]);
    const stripePrice = await s.stripe.prices.retrieve(prices[0]!.stripe_price_id!);
    expect(stripePrice.recurring?.usage_type).toBe("metered");
    expect(stripePrice.unit_amount_decimal?.toString()).toBe(prices[0]!.unit_amount_decimal);
    const meters = await t.db.selectFrom("meters").selectAll().where("model", "=", MODEL).execute();
    expect(meters.map((m) => m.event_name).sort()).toEqual(["mk_gpt_4o_mini_cached_input", "mk_gpt_4o_mini_input", "mk_gpt_4o_mini_output"]);

    // Stripe names invoice and checkout lines after the price's product: each metered price is
    // sold as its own product, named for the model and token class it counts.
    const products = await Promise.all(prices.map(async (p) => (await s.stripe.prices.retrieve(p.stripe_price_id!, { expand: ["product"] })).product as Stripe.Product));
    expect(products.map((p) => p.name).sort()).toEqual([`${MODEL} cached input tokens`, `${MODEL} input tokens`, `${MODEL} output tokens`]);
    expect(products.every((p) => p.unit_label === "token" && p.id !== first.productId)).toBe(true);
  });

  it("shares meters across plans", async () => {
    const other = await seedPlan(t.db, { rate: [100_000, 50_000, 400_000] });
    await syncPlanToStripe(t.db, s.stripe, other);
    const meters = await t.db.selectFrom("meters").selectAll().where("model", "=", MODEL).execute();
    expect(meters).toHaveLength(3);
    expect((await s.stripe.billing.meters.list({ limit: 100 })).data.filter((m) => m.event_name.startsWith("mk_gpt_4o_mini"))).toHaveLength(3);
  });

  it("a rate change makes a new price and deactivates the old one, which is kept", async () => {
    const planId = await seedPlan(t.db, { rate: [150_000, 75_000, 600_000] });
    await syncPlanToStripe(t.db, s.stripe, planId);
    await t.db.updateTable("plan_rates").set({ superseded_at: new Date() }).where("plan_id", "=", planId).execute();
    await t.db
      .insertInto("plan_rates")
      .values({ plan_id: planId, model: MODEL, version: 2, input_micros_per_mtok: 150_000, cached_input_micros_per_mtok: 75_000, output_micros_per_mtok: 800_000 })
      .execute();

    const result = await syncPlanToStripe(t.db, s.stripe, planId);
    expect(result.changes).toBe(1);
    const output = await t.db
      .selectFrom("plan_prices as p")
      .innerJoin("meters as m", "m.id", "p.meter_id")
      .select(["p.active", "p.rate_version", "p.unit_amount_decimal", "p.stripe_price_id"])
      .where("p.plan_id", "=", planId)
      .where("m.token_class", "=", "output")
      .orderBy("p.rate_version")
      .execute();
    expect(output.map((p) => [p.rate_version, p.active, p.unit_amount_decimal])).toEqual([
      [1, false, "0.00006"],
      [2, true, "0.00008"],
    ]);
    expect((await s.stripe.prices.retrieve(output[0]!.stripe_price_id!)).active).toBe(false);
    expect((await s.stripe.prices.retrieve(output[1]!.stripe_price_id!)).active).toBe(true);
    // The new rate is sold as the same product: the customer's lines keep their name.
    const productOf = async (id: string) => (await s.stripe.prices.retrieve(id)).product;
    expect(await productOf(output[1]!.stripe_price_id!)).toBe(await productOf(output[0]!.stripe_price_id!));
    expect((await syncPlanToStripe(t.db, s.stripe, planId)).changes).toBe(0);
  });
});
