import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedMeteredPlan, startHarness, type Harness, type MeteredPlan } from "../testing/harness";

let h: Harness;
let plan: MeteredPlan;
beforeAll(async () => {
  h = await startHarness();
  plan = await seedMeteredPlan(h.stripe);
});
afterAll(() => h.close());
beforeEach(() => h.emu.setClockOffset(0));

const send = (identifier: string, value: number, extra: Partial<Stripe.Billing.MeterEventCreateParams> = {}) =>
  h.stripe.billing.meterEvents.create({
    event_name: plan.meter.event_name,
    identifier,
    payload: { stripe_customer_id: plan.customer.id, value: String(value) },
    ...extra,
  });

describe("v1 meter events", () => {
  it("accepts an event and returns Stripe's meter event object", async () => {
    const now = Math.floor(Date.now() / 1000);
    const event = await send("mr-accept-1", 120, { timestamp: now - 60 });
    expect(event).toEqual({
      object: "billing.meter_event",
      created: expect.any(Number),
      event_name: plan.meter.event_name,
      identifier: "mr-accept-1",
      livemode: false,
      payload: { stripe_customer_id: plan.customer.id, value: "120" },
      timestamp: now - 60,
    });
    expect(h.emu.meterEvents({ customer: plan.customer.id }).find((e) => e.identifier === "mr-accept-1")).toMatchObject({ status: "accepted", value: 120 });
  });

  it("rejects a repeated identifier with Stripe's 400 and Stripe-Should-Retry: false, and counts it once", async () => {
    const before = { ...h.emu.stats().meterEvents };
    await send("mr-dup-1", 10);
    const err = (await send("mr-dup-1", 10).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(400);
    expect(err.rawType).toBe("invalid_request_error");
    expect(err.message).toBe("An event already exists with identifier mr-dup-1.");
    expect(err.headers?.["stripe-should-retry"]).toBe("false");
    expect(h.emu.meterEvents().filter((e) => e.identifier === "mr-dup-1")).toHaveLength(1);
    expect(h.emu.stats().meterEvents.accepted).toBe(before.accepted + 1);
    expect(h.emu.stats().meterEvents.duplicate).toBe(before.duplicate + 1);
  });

  it("accepts the identifier again once Stripe's 24 h window has passed", async () => {
    await send("mr-window-1", 1);
    h.emu.setClockOffset(24 * 3600 + 1);
    await expect(send("mr-window-1", 1)).resolves.toMatchObject({ identifier: "mr-window-1" });
  });

  it("enforces the timestamp window: 35 days back, 5 minutes ahead", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect(send("mr-old", 1, { timestamp: now - 35 * 86400 - 120 })).rejects.toMatchObject({ statusCode: 400, code: "timestamp_too_far_in_past" });
    await expect(send("mr-future", 1, { timestamp: now + 6 * 60 })).rejects.toMatchObject({ statusCode: 400, code: "timestamp_in_future" });
    await expect(send("mr-edge", 1, { timestamp: now + 4 * 60 })).resolves.toMatchObject({ identifier: "mr-edge" });
    // A rejected event never took the identifier.
    await expect(send("mr-old", 1)).resolves.toMatchObject({ identifier: "mr-old" });
  });

  it("accepts events for unknown customers or meters but never counts them (Stripe validates those asynchronously)", async () => {
    await h.stripe.billing.meterEvents.create({ event_name: plan.meter.event_name, identifier: "mr-ghost", payload: { stripe_customer_id: "cus_ghost", value: "5" } });
    await h.stripe.billing.meterEvents.create({ event_name: "no_such_meter", identifier: "mr-nometer", payload: { stripe_customer_id: plan.customer.id, value: "5" } });
    const { data } = await h.control<{ data: { identifier: string; status: string; error_code?: string }[] }>("GET", "/_emulator/meter_events");
    expect(data.find((e) => e.identifier === "mr-ghost")).toMatchObject({ status: "invalid", error_code: "meter_event_customer_not_found" });
    expect(data.find((e) => e.identifier === "mr-nometer")).toMatchObject({ status: "invalid", error_code: "no_meter" });
  });

  it("requires event_name and payload", async () => {
    await expect(h.stripe.billing.meterEvents.create({ payload: {} } as unknown as Stripe.Billing.MeterEventCreateParams)).rejects.toMatchObject({
      statusCode: 400,
      code: "parameter_missing",
      param: "event_name",
    });
  });
});

describe("meter event adjustments", () => {
  it("cancels an event within 24 hours; it stops counting", async () => {
    await send("mr-cancel-1", 40);
    const adj = await h.stripe.billing.meterEventAdjustments.create({ event_name: plan.meter.event_name, type: "cancel", cancel: { identifier: "mr-cancel-1" } });
    expect(adj).toEqual({ object: "billing.meter_event_adjustment", cancel: { identifier: "mr-cancel-1" }, event_name: plan.meter.event_name, livemode: false, status: "complete", type: "cancel" });
    expect(h.emu.meterEvents().find((e) => e.identifier === "mr-cancel-1")?.status).toBe("canceled");
    await expect(
      h.stripe.billing.meterEventAdjustments.create({ event_name: plan.meter.event_name, type: "cancel", cancel: { identifier: "mr-cancel-1" } }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it("refuses to cancel an event received more than 24 hours ago", async () => {
    await send("mr-cancel-late", 40);
    h.emu.setClockOffset(24 * 3600 + 5);
    await expect(
      h.stripe.billing.meterEventAdjustments.create({ event_name: plan.meter.event_name, type: "cancel", cancel: { identifier: "mr-cancel-late" } }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("24 hours") });
  });
});
