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

const events = (prefix: string, n: number, value = 1) =>
  Array.from({ length: n }, (_, i) => ({
    event_name: plan.meter.event_name,
    identifier: `${prefix}-${i}`,
    payload: { stripe_customer_id: plan.customer.id, value: String(value) },
  }));

describe("v2 meter event session and stream (same host as v1)", () => {
  it("creates a 15-minute session and streams a batch with its token", async () => {
    const session = await h.stripe.v2.billing.meterEventSession.create();
    expect(session.object).toBe("v2.billing.meter_event_session");
    expect(Date.parse(session.expires_at) - Date.parse(session.created)).toBe(15 * 60 * 1000);

    // Stripe's documented pattern: a client keyed with the session token. Overriding `host`
    // also routes the stream (meter-events.stripe.com by default) to the emulator.
    const streamClient = h.client({}, session.authentication_token);
    await streamClient.v2.billing.meterEventStream.create({ events: events("v2a", 100, 3) });
    // The per-request apiKey option works as well.
    await h.stripe.v2.billing.meterEventStream.create({ events: events("v2b", 2, 5) }, { apiKey: session.authentication_token });

    const stored = h.emu.meterEvents({ customer: plan.customer.id }).filter((e) => e.source === "v2_stream" && e.status === "accepted");
    expect(stored.reduce((sum, e) => sum + (e.value ?? 0), 0)).toBe(310);
  });

  it("refuses more than 100 events per request", async () => {
    const session = await h.stripe.v2.billing.meterEventSession.create();
    const err = await h.client({}, session.authentication_token).v2.billing.meterEventStream.create({ events: events("v2big", 101) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 400 });
    expect(h.emu.meterEvents().some((e) => e.identifier.startsWith("v2big-"))).toBe(false);
  });

  it("rejects an expired session token with temporary_session_expired, and the secret key on the stream", async () => {
    const session = await h.stripe.v2.billing.meterEventSession.create();
    h.emu.setClockOffset(15 * 60 + 1);
    try {
      const err = await h.client({}, session.authentication_token).v2.billing.meterEventStream.create({ events: events("v2exp", 1) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Stripe.errors.TemporarySessionExpiredError);
      expect(err).toMatchObject({ statusCode: 401 });
    } finally {
      h.emu.setClockOffset(0);
    }
    await expect(h.stripe.v2.billing.meterEventStream.create({ events: events("v2key", 1) })).rejects.toMatchObject({ statusCode: 401 });
  });

  it("drops a repeated identifier silently (stream validation is asynchronous) and counts it as duplicate", async () => {
    const session = await h.stripe.v2.billing.meterEventSession.create();
    const client = h.client({}, session.authentication_token);
    const before = h.emu.stats().meterEvents.duplicate;
    await client.v2.billing.meterEventStream.create({ events: events("v2dup", 3) });
    await client.v2.billing.meterEventStream.create({ events: events("v2dup", 3) });
    expect(h.emu.meterEvents().filter((e) => e.identifier.startsWith("v2dup-"))).toHaveLength(3);
    expect(h.emu.stats().meterEvents.duplicate - before).toBe(3);
  });

  it("serves the synchronous v2 meter event endpoint with Stripe's duplicate rule", async () => {
    const created = await h.stripe.v2.billing.meterEvents.create({
      event_name: plan.meter.event_name,
      identifier: "v2-single",
      payload: { stripe_customer_id: plan.customer.id, value: "9" },
    });
    expect(created).toMatchObject({ object: "v2.billing.meter_event", identifier: "v2-single" });
    await expect(
      h.stripe.v2.billing.meterEvents.create({ event_name: plan.meter.event_name, identifier: "v2-single", payload: { stripe_customer_id: plan.customer.id, value: "9" } }),
    ).rejects.toMatchObject({ statusCode: 400, message: "An event already exists with identifier v2-single." });
  });
});
