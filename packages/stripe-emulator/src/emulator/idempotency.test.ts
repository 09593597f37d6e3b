import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedMeteredPlan, startHarness, type Harness, type MeteredPlan } from "../testing/harness";

let h: Harness;
let plan: MeteredPlan;
beforeAll(async () => {
  h = await startHarness();
  plan = await seedMeteredPlan(h.stripe);
});
afterAll(() => h.close());

describe("Idempotency-Key", () => {
  it("replays the first response for the same key and parameters", async () => {
    const first = await h.stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: "idem-customer-1" });
    const again = await h.stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: "idem-customer-1" });
    expect(again).toEqual(first);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect((await h.stripe.customers.list({ email: "idem@example.com" })).data).toHaveLength(1);
  });

  it("replays a meter event instead of reporting a duplicate", async () => {
    const params = { event_name: plan.meter.event_name, identifier: "idem-ev-1", payload: { stripe_customer_id: plan.customer.id, value: "8" } };
    const first = await h.stripe.billing.meterEvents.create(params, { idempotencyKey: "idem-ev-key" });
    const again = await h.stripe.billing.meterEvents.create(params, { idempotencyKey: "idem-ev-key" });
    expect(again).toEqual(first);
    expect(h.emu.meterEvents().filter((e) => e.identifier === "idem-ev-1")).toHaveLength(1);
  });

  it("rejects the key with idempotency_error when the parameters differ", async () => {
    await h.stripe.customers.create({ email: "one@example.com" }, { idempotencyKey: "idem-mismatch" });
    const err = await h.stripe.customers.create({ email: "two@example.com" }, { idempotencyKey: "idem-mismatch" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err).toMatchObject({ statusCode: 400, rawType: "idempotency_error" });
    const other = await h.stripe.products.create({ name: "x" }, { idempotencyKey: "idem-mismatch" }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("does not save validation failures, so a corrected retry with the same key goes through", async () => {
    await expect(h.stripe.customers.create({ nope: 1 } as Stripe.CustomerCreateParams, { idempotencyKey: "idem-fix" })).rejects.toMatchObject({ statusCode: 400 });
    // Same key, different (valid) params: still a mismatch? No — nothing was saved for the failed attempt.
    await expect(h.stripe.customers.create({ email: "fixed@example.com" }, { idempotencyKey: "idem-fix" })).resolves.toMatchObject({ email: "fixed@example.com" });
  });
});
