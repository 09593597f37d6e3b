import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedMeteredPlan, startHarness, type Harness, type MeteredPlan } from "../testing/harness";

let h: Harness;
let plan: MeteredPlan;
const HOUR = 3600;
// Two hours ago, aligned to the hour, so every event below lies safely in the past.
const base = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;

beforeAll(async () => {
  h = await startHarness();
  plan = await seedMeteredPlan(h.stripe);
  const events: [string, number, number][] = [
    ["s-1", 100, base + 10],
    ["s-2", 50, base + 1800],
    ["s-3", 7, base + HOUR + 5],
    ["s-4", 1000, base - 10], // before the window
  ];
  for (const [identifier, value, timestamp] of events) {
    await h.stripe.billing.meterEvents.create({
      event_name: plan.meter.event_name,
      identifier,
      timestamp,
      payload: { stripe_customer_id: plan.customer.id, value: String(value) },
    });
  }
});
afterAll(() => h.close());

describe("meter event summaries", () => {
  it("sums accepted events in [start_time, end_time) for one customer", async () => {
    const res = await h.stripe.billing.meters.listEventSummaries(plan.meter.id, { customer: plan.customer.id, start_time: base, end_time: base + 2 * HOUR });
    expect(res.data).toHaveLength(1);
    expect(res.data[0]).toMatchObject({ object: "billing.meter_event_summary", aggregated_value: 157, start_time: base, end_time: base + 2 * HOUR, meter: plan.meter.id, livemode: false });
  });

  it("groups by hour, newest bucket first", async () => {
    const res = await h.stripe.billing.meters.listEventSummaries(plan.meter.id, {
      customer: plan.customer.id, start_time: base, end_time: base + 2 * HOUR, value_grouping_window: "hour",
    });
    expect(res.data.map((s) => [s.start_time, s.end_time, s.aggregated_value])).toEqual([
      [base + HOUR, base + 2 * HOUR, 7],
      [base, base + HOUR, 150],
    ]);
    const page2 = await h.stripe.billing.meters.listEventSummaries(plan.meter.id, {
      customer: plan.customer.id, start_time: base, end_time: base + 2 * HOUR, value_grouping_window: "hour", limit: 1, starting_after: res.data[0]?.id,
    });
    expect(page2.data.map((s) => s.aggregated_value)).toEqual([150]);
  });

  it("rejects times that are not minute-aligned, and hour grouping that is not hour-aligned", async () => {
    await expect(
      h.stripe.billing.meters.listEventSummaries(plan.meter.id, { customer: plan.customer.id, start_time: base + 1, end_time: base + HOUR }),
    ).rejects.toMatchObject({ statusCode: 400, param: "start_time", message: expect.stringContaining("minute") });
    await expect(
      h.stripe.billing.meters.listEventSummaries(plan.meter.id, { customer: plan.customer.id, start_time: base, end_time: base + 90 }),
    ).rejects.toMatchObject({ statusCode: 400, param: "end_time" });
    await expect(
      h.stripe.billing.meters.listEventSummaries(plan.meter.id, { customer: plan.customer.id, start_time: base + 60, end_time: base + HOUR, value_grouping_window: "hour" }),
    ).rejects.toMatchObject({ statusCode: 400, param: "start_time" });
  });

  it("stops counting a canceled event", async () => {
    await h.stripe.billing.meterEventAdjustments.create({ event_name: plan.meter.event_name, type: "cancel", cancel: { identifier: "s-2" } });
    const res = await h.stripe.billing.meters.listEventSummaries(plan.meter.id, { customer: plan.customer.id, start_time: base, end_time: base + 2 * HOUR });
    expect(res.data[0]?.aggregated_value).toBe(107);
  });
});
