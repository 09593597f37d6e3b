import { randomUUID } from "node:crypto";
import { createStripe, enqueueMeterReports, flushMeterReports, recordUsage } from "@meterkit/billing";
import { useTestDb } from "@meterkit/db/testing";
import { startStripeEmulator, type StripeEmulator } from "@meterkit/stripe-emulator";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdmin, signUpCustomer } from "../../../test/actors";
import { testModel } from "../../../test/ledger";

const t = useTestDb();
let emulator: StripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startStripeEmulator();
  stripe = createStripe({ STRIPE_SECRET_KEY: "sk_test_emulator", STRIPE_API_BASE: emulator.url, STRIPE_TIMEOUT_MS: 5_000 });
});
afterAll(async () => {
  await emulator?.stop();
});

describe("admin reconciliation and outbox, end to end on the Stripe emulator", () => {
  it("a discarded report shows up as a mismatch, repairAll fixes it, and every step is audited", async () => {
    const admin = await createAdmin(t.db, stripe);
    const { plan, stripeSync } = await admin.caller.admin.plans.create({
      code: "recon",
      name: "Recon",
      baseFeeMicros: 0,
      tokensPerMinute: 100_000,
      requestsPerMinute: 100,
      rates: [{ model: testModel, inputMicrosPerMtok: 150_000, cachedInputMicrosPerMtok: 75_000, outputMicrosPerMtok: 600_000 }],
    });
    expect(stripeSync.status).toBe("synced");
    expect(plan.stripeProductId).toMatch(/^prod_/);

    const c = await signUpCustomer(t.db, "recon", stripe);
    const stripeCustomer = await stripe.customers.create({ email: c.user.email });
    await t.db.updateTable("customers").set({ plan_id: plan.id, stripe_customer_id: stripeCustomer.id, subscription_status: "active" }).where("id", "=", c.customer.id).execute();

    const usage = (completion: number) => ({
      requestId: `req_${randomUUID()}`,
      customerId: c.customer.id,
      model: testModel,
      status: "completed" as const,
      countSource: "upstream" as const,
      promptTokensSent: 100,
      promptTokensEffective: 100,
      cachedPromptTokens: 0,
      completionTokens: completion,
      reasoningTokens: 0,
      startedAt: new Date(Date.now() - 120_000),
      occurredAt: new Date(Date.now() - 120_000),
    });
    // The first request reaches Stripe normally.
    await recordUsage(t.db, usage(40));
    await enqueueMeterReports(t.db, { customerId: c.customer.id });
    await flushMeterReports(t.db, stripe, { customerId: c.customer.id });
    // ...a while ago: Stripe's summaries may lag a report by minutes (SUMMARY_LAG_MS), and until
    // then reconciliation cannot tell whether the tokens they show are that report's.
    await t.db.updateTable("meter_reports").set({ sent_at: new Date(Date.now() - 3_600_000) }).where("status", "=", "sent").execute();
    // The second one's reports die and an admin discards them.
    await recordUsage(t.db, usage(60));
    await enqueueMeterReports(t.db, { customerId: c.customer.id });
    await t.db.updateTable("meter_reports").set({ status: "dead", last_error: "simulated" }).where("status", "=", "pending").execute();
    const dead = await admin.caller.admin.outbox.find({ status: "dead" });
    expect(dead.length).toBeGreaterThan(0);
    for (const report of dead) await admin.caller.admin.outbox.discard({ id: report.id, reason: "test: simulate a lost report" });

    const periodEnd = new Date(Date.now() + 120_000).toISOString();
    const periodStart = new Date(Date.now() - 3_600_000).toISOString();
    const run = await admin.caller.admin.reconciliation.run({ periodStart, periodEnd, customerId: c.customer.id });
    expect(run.mismatched).toBeGreaterThan(0);
    const { lines } = await admin.caller.admin.reconciliation.findLines({ runId: run.runId, onlyMismatched: true });
    const output = lines.find((l) => l.eventName.endsWith("output"));
    expect(output).toMatchObject({ ledgerValue: 100, stripeValue: 40, unexplained: 60 });

    const repaired = await admin.caller.admin.reconciliation.repairAll({ runId: run.runId });
    expect(repaired.attempted).toBe(lines.length);
    expect(repaired.outcomes.every((o) => o.status === "sent")).toBe(true);

    const rerun = await admin.caller.admin.reconciliation.run({ periodStart, periodEnd, customerId: c.customer.id });
    expect(rerun.mismatched).toBe(0);
    const runs = await admin.caller.admin.reconciliation.findRuns();
    expect(runs.items.map((r) => r.id)).toEqual([rerun.runId, run.runId]);

    const actions = (await t.db.selectFrom("audit_log").select("action").where("actor_user_id", "=", admin.user.id).execute()).map((r) => r.action);
    expect(actions.filter((a) => a === "reconciliation.run")).toHaveLength(2);
    expect(actions.filter((a) => a === "reconciliation.repair")).toHaveLength(lines.length);
    expect(actions).toContain("outbox.discard");
    expect(actions).toContain("plan.create");

    const overview = await admin.caller.admin.overview.get();
    expect(overview.requests).toMatchObject({ total: 2, completed: 2, errorRate: 0 });
    expect(overview.topCustomers[0]?.id).toBe(c.customer.id);
    const detail = await admin.caller.admin.customers.get({ id: c.customer.id });
    expect(detail.usage.models[0]).toMatchObject({ model: testModel, outputTokens: 100 });
    expect(detail.outbox).toMatchObject({ discarded: dead.length });
  });
});
