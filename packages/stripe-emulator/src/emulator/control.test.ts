import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedMeteredPlan, startHarness, type Harness, type MeteredPlan } from "../testing/harness";

let h: Harness;
let plan: MeteredPlan;
beforeAll(async () => {
  h = await startHarness();
  plan = await seedMeteredPlan(h.stripe);
});
afterAll(() => h.close());

interface EventList {
  data: { identifier: string; status: string }[];
  count: number;
  acceptedValue: number;
}

describe("/_emulator hooks", () => {
  it("lists meter events per customer and removes one to create drift", async () => {
    for (const [identifier, value] of [["c-1", "5"], ["c-2", "7"]] as const) {
      await h.stripe.billing.meterEvents.create({ event_name: plan.meter.event_name, identifier, payload: { stripe_customer_id: plan.customer.id, value } });
    }
    const path = `/_emulator/meter_events?customer=${plan.customer.id}&event_name=${plan.meter.event_name}`;
    expect(await h.control<EventList>("GET", path)).toMatchObject({ count: 2, acceptedValue: 12 });
    expect(await h.control("DELETE", "/_emulator/meter_events/c-1")).toEqual({ deleted: 1 });
    expect(await h.control<EventList>("GET", path)).toMatchObject({ count: 1, acceptedValue: 7 });
    // Stripe "lost" it, so the identifier can be sent again (what a reconciliation repair does).
    await expect(
      h.stripe.billing.meterEvents.create({ event_name: plan.meter.event_name, identifier: "c-1", payload: { stripe_customer_id: plan.customer.id, value: "5" } }),
    ).resolves.toMatchObject({ identifier: "c-1" });
  });

  it("counts requests per route and meter event outcomes", async () => {
    await h.control("DELETE", "/_emulator/stats");
    await h.stripe.customers.list({ limit: 1 });
    await h.stripe.customers.retrieve(plan.customer.id);
    const stats = await h.control<{ requests: Record<string, number> }>("GET", "/_emulator/stats");
    expect(stats.requests).toEqual({ "GET /v1/customers": 1, "GET /v1/customers/:id": 1 });
  });

  it("shows a dashboard with customers, meters and usage", async () => {
    const res = await fetch(`${h.emu.url}/_emulator`);
    const html = await res.text();
    expect(html).toContain(plan.meter.event_name);
    expect(html).toContain(plan.customer.email ?? "");
  });

  it("exposes the whole state as JSON and resets it", async () => {
    const state = await h.control<{ data: { customers: Record<string, unknown> } }>("GET", "/_emulator/state");
    expect(Object.keys(state.data.customers)).toContain(plan.customer.id);
    await h.control("POST", "/_emulator/reset");
    await expect(h.stripe.customers.retrieve(plan.customer.id)).rejects.toMatchObject({ statusCode: 404 });
  });
});
