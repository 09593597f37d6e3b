import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedMeteredPlan, startHarness, type Harness } from "../testing/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("products and prices", () => {
  it("creates a licensed base price and a metered price on a meter", async () => {
    const plan = await seedMeteredPlan(h.stripe);
    expect(plan.basePrice).toMatchObject({ type: "recurring", unit_amount: 1900, recurring: { interval: "month", usage_type: "licensed", meter: null } });
    expect(plan.basePrice.unit_amount_decimal?.toString()).toBe("1900");
    expect(plan.meteredPrice).toMatchObject({ unit_amount: null, recurring: { usage_type: "metered", meter: plan.meter.id } });
    expect(plan.meteredPrice.unit_amount_decimal?.toString()).toBe("0.000015");

    const listed = await h.stripe.prices.list({ product: plan.product.id, limit: 10 });
    expect(listed.data.map((p) => p.id).sort()).toEqual([plan.basePrice.id, plan.meteredPrice.id].sort());
    const expanded = await h.stripe.prices.retrieve(plan.basePrice.id, { expand: ["product"] });
    expect((expanded.product as Stripe.Product).name).toBe("Starter");
  });

  it("creates a product inline and archives a price", async () => {
    const price = await h.stripe.prices.create({ currency: "usd", unit_amount: 500, product_data: { name: "Inline" }, lookup_key: "inline_v1" });
    expect((await h.stripe.products.retrieve(price.product as string)).name).toBe("Inline");
    const archived = await h.stripe.prices.update(price.id, { active: false });
    expect(archived.active).toBe(false);
    expect((await h.stripe.prices.list({ lookup_keys: ["inline_v1"] })).data.map((p) => p.id)).toEqual([price.id]);
  });

  it("refuses a metered price without a meter and a price with two amounts", async () => {
    const product = await h.stripe.products.create({ name: "Bad" });
    await expect(
      h.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1, recurring: { interval: "month", usage_type: "metered" } }),
    ).rejects.toMatchObject({ statusCode: 400, param: "recurring[meter]" });
    await expect(
      h.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1, unit_amount_decimal: Stripe.Decimal.from("1.5") }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      h.stripe.prices.create({ product: product.id, currency: "usd", unit_amount_decimal: Stripe.Decimal.from("0.0000000000001") }),
    ).rejects.toMatchObject({ statusCode: 400, param: "unit_amount_decimal" });
  });
});

describe("billing meters", () => {
  it("creates with Meterkit's settings, lists, deactivates and reactivates", async () => {
    const meter = await h.stripe.billing.meters.create({
      event_name: "mk_gpt_4o_mini_output",
      display_name: "gpt-4o-mini output tokens",
      default_aggregation: { formula: "sum" },
      customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
      value_settings: { event_payload_key: "value" },
    });
    expect(meter).toMatchObject({ object: "billing.meter", status: "active", event_name: "mk_gpt_4o_mini_output", status_transitions: { deactivated_at: null } });
    expect((await h.stripe.billing.meters.retrieve(meter.id)).id).toBe(meter.id);

    const off = await h.stripe.billing.meters.deactivate(meter.id);
    expect(off.status).toBe("inactive");
    expect(off.status_transitions.deactivated_at).toBeTypeOf("number");
    expect((await h.stripe.billing.meters.list({ status: "inactive" })).data.map((m) => m.id)).toContain(meter.id);
    await expect(h.stripe.billing.meters.deactivate(meter.id)).rejects.toMatchObject({ statusCode: 400 });

    const on = await h.stripe.billing.meters.reactivate(meter.id);
    expect(on).toMatchObject({ status: "active", status_transitions: { deactivated_at: null } });
    const renamed = await h.stripe.billing.meters.update(meter.id, { display_name: "Output tokens" });
    expect(renamed.display_name).toBe("Output tokens");
  });

  it("refuses a second meter with the same event_name", async () => {
    const params = { event_name: "dup_meter", display_name: "d", default_aggregation: { formula: "sum" as const } };
    await h.stripe.billing.meters.create(params);
    await expect(h.stripe.billing.meters.create(params)).rejects.toMatchObject({ statusCode: 400, param: "event_name" });
  });
});
