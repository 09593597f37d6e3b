import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedMeteredPlan, startHarness } from "../testing/harness";

describe("state file", () => {
  it("keeps customers, prices, meters, subscriptions and meter events across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stripe-emulator-"));
    const statePath = join(dir, "nested", "stripe-emulator.json");
    const first = await startHarness({ statePath });
    const plan = await seedMeteredPlan(first.stripe);
    const sub = await first.stripe.subscriptions.create({ customer: plan.customer.id, items: [{ price: plan.basePrice.id }, { price: plan.meteredPrice.id }] });
    const event = { event_name: plan.meter.event_name, identifier: "persist-1", payload: { stripe_customer_id: plan.customer.id, value: "42" } };
    await first.stripe.billing.meterEvents.create(event);
    await first.close();

    // Written atomically: only the final file remains, no temp files.
    expect(readdirSync(join(dir, "nested"))).toEqual(["stripe-emulator.json"]);
    expect(JSON.parse(readFileSync(statePath, "utf8"))).toMatchObject({ version: 1 });

    const second = await startHarness({ statePath });
    try {
      expect((await second.stripe.customers.retrieve(plan.customer.id)).id).toBe(plan.customer.id);
      expect((await second.stripe.billing.meters.retrieve(plan.meter.id)).event_name).toBe(plan.meter.event_name);
      expect((await second.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
      // The dedupe index is rebuilt from the file: the identifier is still taken.
      await expect(second.stripe.billing.meterEvents.create(event)).rejects.toMatchObject({ statusCode: 400 });
      const start = Math.floor((sub.items.data[0]?.current_period_start ?? 0) / 60) * 60;
      const summary = await second.stripe.billing.meters.listEventSummaries(plan.meter.id, { customer: plan.customer.id, start_time: start, end_time: start + 3600 });
      expect(summary.data[0]?.aggregated_value).toBe(42);
    } finally {
      await second.close();
    }
  });
});
