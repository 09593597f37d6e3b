import { useTestDb } from "@meterkit/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { recordUsage } from "./ledger/record-usage";
import { usageSummary } from "./ledger/usage-summary";
import { recordAdjustment } from "./ledger/record-adjustment";
import { runReporterCycle } from "./outbox/cycle";
import { activePlanPriceIds } from "./plans/sync-plan";
import { reconcile } from "./reconcile/reconcile";
import { repairLine } from "./reconcile/repair";
import { sendCreditTransfers } from "./credits/send-transfers";
import { syncStripeCustomer } from "./sync-customer";
import { useEmulator } from "./test/emulator";
import { insertEventRecordedDaysAgo, ledgerTotals, usage } from "./test/fixtures";
import { stripeTotals, syncedCustomers } from "./test/synced";

const t = useTestDb();
const s = useEmulator();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const INSTANT = { summaryLagMs: 0 };

async function subscribe(planId: string, customerId: string) {
  const customer = await t.db.selectFrom("customers").select(["id", "stripe_customer_id"]).where("id", "=", customerId).executeTakeFirstOrThrow();
  const prices = await activePlanPriceIds(t.db, planId);
  const sub = await s.stripe.subscriptions.create({
    customer: customer.stripe_customer_id!,
    items: [{ price: prices.basePriceId! }, ...prices.meteredPriceIds.map((price) => ({ price }))],
  });
  await syncStripeCustomer(t.db, s.stripe, customer.stripe_customer_id!);
  return { sub, stripeCustomerId: customer.stripe_customer_id! };
}

describe("scratch: period close", () => {
  it("A: usage reported after the period's invoice was built is on no invoice, and reconciliation calls it clean", async () => {
    const { planId, customers } = await syncedCustomers(t.db, s.stripe, 1, { flushPolicy: "batched", flushIntervalSeconds: 3600 });
    const c = customers[0]!;
    const { sub, stripeCustomerId } = await subscribe(planId, c);
    const before = await t.db.selectFrom("customers").select(["current_period_start", "current_period_end"]).where("id", "=", c).executeTakeFirstOrThrow();
    // Last-minute usage of the period, not yet flushed (batched plan).
    await recordUsage(t.db, usage(c, { promptTokensSent: 1_000_000, promptTokensEffective: 1_000_000, cachedPromptTokens: 0, completionTokens: 1_000_000, reasoningTokens: 0 }));
    // The period ends: Stripe builds the cycle invoice.
    const adv = await fetch(`${s.emulator.url}/_emulator/subscriptions/${sub.id}/advance`, { method: "POST" });
    expect(adv.status).toBe(200);
    await syncStripeCustomer(t.db, s.stripe, stripeCustomerId);
    // The batched flush happens after the rollover.
    const cyc = await runReporterCycle(t.db, s.stripe, { customerId: c });
    const reports = await t.db.selectFrom("meter_reports").select(["value", "event_timestamp", "status"]).where("customer_id", "=", c).execute();
    const invoices = await s.stripe.invoices.list({ customer: stripeCustomerId });
    const preview = await s.stripe.invoices.createPreview({ customer: stripeCustomerId, subscription: sub.id });
    const meteredOn = (inv: { lines: { data: { amount: number; quantity: number | null; description: string | null }[] } }) =>
      inv.lines.data.filter((l) => (l.description ?? "").includes("metered")).reduce((sum, l) => sum + l.amount, 0);
    const summary = await usageSummary(t.db, c, { start: new Date(before.current_period_start!), end: new Date(before.current_period_end!) });
    const run = await reconcile(t.db, s.stripe, { periodStart: new Date(Date.now() - 2 * HOUR), periodEnd: new Date(Date.now() + HOUR), triggeredBy: "test", customerId: c, ...INSTANT });
    console.log(JSON.stringify({
      cycle: cyc,
      reports,
      invoices: invoices.data.map((i) => ({ reason: i.billing_reason, period: [i.period_start, i.period_end], total: i.total, metered: meteredOn(i as never) })),
      preview: { period: [preview.period_start, preview.period_end], total: preview.total, metered: meteredOn(preview as never) },
      ledgerPeriodCostMicros: summary.usageMicros,
      reconcileMismatched: run.mismatched,
      lines: run.lines.map((l) => ({ ledger: l.ledgerValue, stripe: l.stripeValue, unexplained: l.unexplained })),
    }, null, 1));
  });

  it("B: a closed period older than 35 days: the outbox and repairs clamp the timestamp out of the window, reconciliation keeps finding it missing, repeat repairs double-bill", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    const c = customers[0]!;
    await insertEventRecordedDaysAgo(t.db, c, 50); // 10 input, 5 output, occurred 50 days ago
    const cyc = await runReporterCycle(t.db, s.stripe, { customerId: c });
    const rep = await t.db.selectFrom("meter_reports").select(["value", "event_timestamp", "status", "last_error"]).where("customer_id", "=", c).execute();
    const stripeEvents = s.emulator.meterEvents().map((e) => ({ ts: new Date(e.timestamp * 1000).toISOString(), value: e.value, status: e.status }));
    const window = { periodStart: new Date(Date.now() - 51 * DAY), periodEnd: new Date(Date.now() - 49 * DAY), triggeredBy: "test", customerId: c, ...INSTANT };
    const out: unknown[] = [];
    for (let round = 0; round < 3; round++) {
      const run = await reconcile(t.db, s.stripe, window);
      const repairs = [];
      for (const l of run.lines.filter((x) => x.unexplained !== 0)) repairs.push(await repairLine(t.db, s.stripe, l.id, INSTANT));
      out.push({ round, lines: run.lines.map((l) => ({ ledger: l.ledgerValue, stripe: l.stripeValue, unexplained: l.unexplained })), repairs: repairs.map((r) => `${r.action}/${r.status}`) });
    }
    console.log(JSON.stringify({ cyc, rep, stripeEvents, rounds: out, ledger: Object.fromEntries(await ledgerTotals(t.db)), stripe: Object.fromEntries(await stripeTotals(t.db, s.emulator)) }, null, 1));
  });

  it("E: credit larger than the invoice; credit sent after the period's invoice", async () => {
    const { planId, customers } = await syncedCustomers(t.db, s.stripe, 1, { baseFeeMicros: 10_000_000 });
    const c = customers[0]!;
    const { sub, stripeCustomerId } = await subscribe(planId, c);
    const p = await t.db.selectFrom("customers").select(["current_period_start", "current_period_end"]).where("id", "=", c).executeTakeFirstOrThrow();
    await recordUsage(t.db, usage(c));
    await runReporterCycle(t.db, s.stripe, { customerId: c });
    await recordAdjustment(t.db, { requestId: `cr_${Date.now()}`, customerId: c, kind: "credit", costMicros: -25_000_000, note: "goodwill" });
    // Period ends before the credit job runs (every 10 s).
    await fetch(`${s.emulator.url}/_emulator/subscriptions/${sub.id}/advance`, { method: "POST" });
    await sendCreditTransfers(t.db, s.stripe);
    await syncStripeCustomer(t.db, s.stripe, stripeCustomerId);
    const summaryOld = await usageSummary(t.db, c, { start: new Date(p.current_period_start!), end: new Date(p.current_period_end!) });
    const invoices = await s.stripe.invoices.list({ customer: stripeCustomerId });
    const preview = await s.stripe.invoices.createPreview({ customer: stripeCustomerId, subscription: sub.id });
    const cus = await s.stripe.customers.retrieve(stripeCustomerId);
    console.log(JSON.stringify({
      ledgerOldPeriod: { usage: summaryOld.usageMicros, credit: summaryOld.creditMicros, total: summaryOld.totalMicros },
      invoices: invoices.data.map((i) => ({ reason: i.billing_reason, total: i.total, starting_balance: i.starting_balance, amount_due: i.amount_due })),
      preview: { total: preview.total, starting_balance: preview.starting_balance, amount_due: preview.amount_due },
      balance: (cus as { balance: number }).balance,
    }, null, 1));
    void sql;
  });
});
