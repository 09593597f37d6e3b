import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seedMeteredPlan, startHarness, type Harness, type MeteredPlan } from "../testing/harness";

let h: Harness;
let plan: MeteredPlan;
beforeAll(async () => {
  h = await startHarness();
  plan = await seedMeteredPlan(h.stripe);
});
afterAll(() => h.close());
afterEach(async () => {
  await h.control("DELETE", "/_emulator/faults");
});

const METER_EVENTS = "POST /v1/billing/meter_events";
const countMeterCalls = () => h.emu.stats().requests[METER_EVENTS] ?? 0;
const event = (identifier: string) => ({
  event_name: plan.meter.event_name,
  identifier,
  payload: { stripe_customer_id: plan.customer.id, value: "10" },
});

describe("fault injection", () => {
  it("answers 429 with Stripe-Should-Retry: true, which the SDK retries", async () => {
    await h.control("POST", "/_emulator/faults", { rate429: 1, paths: ["/v1/billing/meter_events"] });
    const before = countMeterCalls();
    const err = await h.client({ maxNetworkRetries: 1 }).billing.meterEvents.create(event("f-429")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(err).toMatchObject({ statusCode: 429, code: "rate_limit" });
    expect((err as Stripe.errors.StripeError).headers?.["stripe-should-retry"]).toBe("true");
    expect(countMeterCalls() - before).toBe(2);
    expect(h.emu.meterEvents().some((e) => e.identifier === "f-429")).toBe(false);
  });

  it("answers 429 without the retry header, which the SDK does not retry", async () => {
    await h.control("POST", "/_emulator/faults", { rate429: 1, rate429NoRetryHeader: true });
    const before = countMeterCalls();
    const err = await h.client({ maxNetworkRetries: 2 }).billing.meterEvents.create(event("f-429n")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect((err as Stripe.errors.StripeError).headers?.["stripe-should-retry"]).toBeUndefined();
    expect(countMeterCalls() - before).toBe(1);
  });

  it("answers the configured 5xx with api_error; only the paths listed are affected", async () => {
    await h.control("POST", "/_emulator/faults", { rate5xx: 1, status5xx: 503, paths: ["/v1/billing/meter_events"] });
    const err = await h.stripe.billing.meterEvents.create(event("f-5xx")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(err).toMatchObject({ statusCode: 503, rawType: "api_error" });
    await expect(h.stripe.customers.list({ limit: 1 })).resolves.toMatchObject({ object: "list" });
  });

  it("drops the connection after storing: counted once, and a resend is a duplicate", async () => {
    await h.control("POST", "/_emulator/faults", { resetAfterStore: 1, paths: ["/v1/billing/meter_events"] });
    const err = await h.stripe.billing.meterEvents.create(event("f-reset-after")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(h.emu.meterEvents().filter((e) => e.identifier === "f-reset-after" && e.status === "accepted")).toHaveLength(1);

    await h.control("DELETE", "/_emulator/faults");
    const resend = await h.stripe.billing.meterEvents.create(event("f-reset-after")).catch((e: unknown) => e);
    expect(resend).toMatchObject({ statusCode: 400, message: "An event already exists with identifier f-reset-after." });
    expect(h.emu.meterEvents().filter((e) => e.identifier === "f-reset-after")).toHaveLength(1);
  });

  it("drops the connection before storing: nothing is kept, a resend is accepted", async () => {
    await h.control("POST", "/_emulator/faults", { resetBeforeStore: 1 });
    await expect(h.stripe.billing.meterEvents.create(event("f-reset-before"))).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(h.emu.meterEvents().some((e) => e.identifier === "f-reset-before")).toBe(false);
    await h.control("DELETE", "/_emulator/faults");
    await expect(h.stripe.billing.meterEvents.create(event("f-reset-before"))).resolves.toMatchObject({ identifier: "f-reset-before" });
  });

  it("repeats the same fault sequence for the same seed", async () => {
    const run = async () => {
      await h.control("POST", "/_emulator/faults", { rate429: 0.5, rate429NoRetryHeader: true, seed: 42, paths: ["/v1/customers"] });
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i++) outcomes.push(await h.stripe.customers.list({ limit: 1 }).then(() => "ok", () => "429"));
      return outcomes;
    };
    const first = await run();
    expect(first).toContain("ok");
    expect(first).toContain("429");
    expect(await run()).toEqual(first);
  });

  it("validates fault settings", async () => {
    const res = await fetch(`${h.emu.url}/_emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ rate429: 2 }) });
    expect(res.status).toBe(400);
  });
});
