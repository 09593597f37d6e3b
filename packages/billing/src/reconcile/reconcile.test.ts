import { useTestDb } from "@meterkit/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { recordUsage } from "../ledger/record-usage";
import { runReporterCycle } from "../outbox/cycle";
import { useEmulator } from "../test/emulator";
import { insertEventRecordedDaysAgo, ledgerTotals, usage } from "../test/fixtures";
import { stripeTotals, syncedCustomers } from "../test/synced";
import { enqueueMeterReports } from "../outbox/enqueue";
import { requeueDeadReport } from "../outbox/requeue";
import { reconcile } from "./reconcile";
import { repairLine } from "./repair";
import { SUMMARY_LAG_MS } from "./totals";

const t = useTestDb();
const s = useEmulator();
const HOUR = 3_600_000;
// The emulator's summaries are exact at once; Stripe's lag (SUMMARY_LAG_MS) has its own test below.
const INSTANT = { summaryLagMs: 0 };
const period = () => ({ periodStart: new Date(Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR), periodEnd: new Date(Math.ceil(Date.now() / HOUR) * HOUR + HOUR), triggeredBy: "test", ...INSTANT });

async function sentReport(customerId: string, tokenClass: string) {
  const { rows } = await sql<{ id: string; identifier: string; value: number; event_name: string; stripe_customer_id: string; meter_id: string }>`
    SELECT r.id, r.identifier, r.value, m.event_name, c.stripe_customer_id, r.meter_id FROM meter_reports r
    JOIN meters m ON m.id = r.meter_id JOIN customers c ON c.id = r.customer_id
    WHERE r.customer_id = ${customerId} AND m.token_class = ${tokenClass} AND r.status = 'sent' LIMIT 1`.execute(t.db);
  return rows[0]!;
}

describe("reconciliation", () => {
  it("finds forced drift, repairs it, and the next run is clean", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 3);
    for (let i = 0; i < 12; i++) await recordUsage(t.db, usage(customers[i % 3]!));
    await runReporterCycle(t.db, s.stripe);

    const clean = await reconcile(t.db, s.stripe, period());
    expect(clean.lines).toHaveLength(9);
    expect(clean.mismatched).toBe(0);

    // Stripe loses one of our events.
    const lost = await sentReport(customers[1]!, "output");
    const deleted = await fetch(`${s.emulator.url}/_emulator/meter_events/${lost.identifier}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);

    const drift = await reconcile(t.db, s.stripe, period());
    expect(drift.mismatched).toBe(1);
    const line = drift.lines.find((l) => l.unexplained !== 0)!;
    expect(line).toMatchObject({ customerId: customers[1], meterId: lost.meter_id, difference: lost.value, inFlightValue: 0 });

    const repair = await repairLine(t.db, s.stripe, line.id, INSTANT);
    expect(repair).toMatchObject({ action: "report_missing", status: "sent" });
    const stored = await t.db.selectFrom("reconciliation_lines").selectAll().where("id", "=", line.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ repair_action: "report_missing", repair_status: "sent" });

    const after = await reconcile(t.db, s.stripe, period());
    expect(after.mismatched).toBe(0);
    expect(await stripeTotals(t.db, s.emulator)).toEqual(await ledgerTotals(t.db));
    expect(await t.db.selectFrom("reconciliation_runs").select("id").execute()).toHaveLength(3);
  });

  it("cancels an over-report by identifier within 24 h, else records it in the ledger", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    await recordUsage(t.db, usage(customers[0]!));
    await runReporterCycle(t.db, s.stripe, { customerId: customers[0] });
    const report = await sentReport(customers[0]!, "input");

    // Stripe receives the same tokens twice under another identifier.
    await s.stripe.billing.meterEvents.create({ event_name: report.event_name, identifier: "foreign-dup-1", payload: { stripe_customer_id: report.stripe_customer_id, value: String(report.value) } });
    const over = await reconcile(t.db, s.stripe, { ...period(), customerId: customers[0] });
    const overLine = over.lines.find((l) => l.unexplained !== 0)!;
    expect(overLine.difference).toBe(-report.value);
    expect(await repairLine(t.db, s.stripe, overLine.id, INSTANT)).toMatchObject({ action: "cancel_events", status: "done" });
    expect((await reconcile(t.db, s.stripe, { ...period(), customerId: customers[0] })).mismatched).toBe(0);

    // An extra amount that matches none of our reports cannot be cancelled safely.
    await s.stripe.billing.meterEvents.create({ event_name: report.event_name, identifier: "foreign-odd-1", payload: { stripe_customer_id: report.stripe_customer_id, value: "7" } });
    const odd = await reconcile(t.db, s.stripe, { ...period(), customerId: customers[0] });
    const oddLine = odd.lines.find((l) => l.unexplained !== 0)!;
    expect(await repairLine(t.db, s.stripe, oddLine.id, INSTANT)).toMatchObject({ action: "ledger_adjustment", status: "done" });
    expect((await reconcile(t.db, s.stripe, { ...period(), customerId: customers[0] })).mismatched).toBe(0);
    const adjustment = await t.db.selectFrom("usage_events").selectAll().where("request_id", "=", `recon_${oddLine.id}`).executeTakeFirstOrThrow();
    expect(adjustment).toMatchObject({ kind: "adjustment", billed_input_tokens: 7 });
    // The adjustment is already in Stripe: the reporter must never send it.
    await runReporterCycle(t.db, s.stripe, { customerId: customers[0] });
    expect((await reconcile(t.db, s.stripe, { ...period(), customerId: customers[0] })).mismatched).toBe(0);
  });

  it("a window that ends inside an hour is widened to the whole hour, so that hour's report is not called missing", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    const hour = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
    // Two uses in one hour: one report per meter, stamped with the later one (HH:40).
    await recordUsage(t.db, usage(customers[0]!, { occurredAt: new Date(hour + 20 * 60_000) }));
    await recordUsage(t.db, usage(customers[0]!, { occurredAt: new Date(hour + 40 * 60_000) }));
    await runReporterCycle(t.db, s.stripe, { customerId: customers[0] });

    const run = await reconcile(t.db, s.stripe, { periodStart: new Date(hour), periodEnd: new Date(hour + 30 * 60_000), triggeredBy: "test", customerId: customers[0], ...INSTANT });
    expect(run).toMatchObject({ periodStart: new Date(hour), periodEnd: new Date(hour + HOUR), mismatched: 0 });
    expect(run.lines.length).toBeGreaterThan(0);
  });

  it("a dead report is left to the outbox's Retry: no repair, so Stripe gets its tokens once", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    await recordUsage(t.db, usage(customers[0]!));
    await enqueueMeterReports(t.db, { customerId: customers[0] });
    // Delivery gave up on every report (say a rotated key, for longer than the retries last).
    await sql`UPDATE meter_reports SET status = 'dead', last_error = 'expired key' WHERE customer_id = ${customers[0]}`.execute(t.db);

    const run = await reconcile(t.db, s.stripe, { ...period(), customerId: customers[0] });
    expect(run.mismatched).toBe(0);
    for (const line of run.lines) {
      expect(line).toMatchObject({ stripeValue: 0, inFlightValue: line.ledgerValue, unexplained: 0 });
      expect(await repairLine(t.db, s.stripe, line.id, INSTANT)).toMatchObject({ action: "none" });
    }
    // The operator fixes the key and retries each dead report: Stripe then holds the ledger, once.
    const dead = await t.db.selectFrom("meter_reports").select("id").where("customer_id", "=", customers[0]!).execute();
    for (const report of dead) expect(await requeueDeadReport(t.db, report.id)).toBe(true);
    await runReporterCycle(t.db, s.stripe, { customerId: customers[0] });
    expect(await stripeTotals(t.db, s.emulator)).toEqual(await ledgerTotals(t.db));
    expect((await reconcile(t.db, s.stripe, { ...period(), customerId: customers[0] })).mismatched).toBe(0);
  });

  it("a report sent moments ago counts as in flight, whether Stripe's summaries show it yet or not", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    await recordUsage(t.db, usage(customers[0]!));
    await runReporterCycle(t.db, s.stripe, { customerId: customers[0] });
    const lagging = { ...period(), customerId: customers[0], summaryLagMs: SUMMARY_LAG_MS };

    // Shown already: not "over", nothing to cancel.
    const shown = await reconcile(t.db, s.stripe, lagging);
    expect(shown.mismatched).toBe(0);
    for (const line of shown.lines) expect(await repairLine(t.db, s.stripe, line.id)).toMatchObject({ action: "none" });

    // Not shown yet (Stripe aggregates asynchronously): not "missing", nothing to resend.
    const report = await sentReport(customers[0]!, "output");
    await fetch(`${s.emulator.url}/_emulator/meter_events/${report.identifier}`, { method: "DELETE" });
    const notYet = await reconcile(t.db, s.stripe, lagging);
    expect(notYet.mismatched).toBe(0);
    const line = notYet.lines.find((l) => l.meterId === report.meter_id)!;
    expect(line).toMatchObject({ difference: report.value, inFlightValue: line.ledgerValue, unexplained: 0 });
    expect(await repairLine(t.db, s.stripe, line.id)).toMatchObject({ action: "none" });
  });

  it("repairs of one line run one at a time: four at once send the missing tokens once", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    await recordUsage(t.db, usage(customers[0]!));
    await runReporterCycle(t.db, s.stripe, { customerId: customers[0] });
    const lost = await sentReport(customers[0]!, "output");
    await fetch(`${s.emulator.url}/_emulator/meter_events/${lost.identifier}`, { method: "DELETE" });
    const run = await reconcile(t.db, s.stripe, { ...period(), customerId: customers[0] });
    const line = run.lines.find((l) => l.unexplained !== 0)!;

    const results = await Promise.all(Array.from({ length: 4 }, () => repairLine(t.db, s.stripe, line.id, INSTANT)));
    expect(results.filter((r) => r.action === "report_missing")).toHaveLength(1);
    await runReporterCycle(t.db, s.stripe, { customerId: customers[0] });
    const after = await reconcile(t.db, s.stripe, { ...period(), customerId: customers[0] });
    expect(after.mismatched).toBe(0);
    // Stripe holds exactly the ledger: not a repair too many.
    for (const l of after.lines) expect(l.stripeValue).toBe(l.ledgerValue);
  });

  it("does not repair a window older than Stripe accepts: the report would land outside it and be sent again on every repair", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    const customerId = customers[0]!;
    await insertEventRecordedDaysAgo(t.db, customerId, 50);
    // Reported late (an outage), so Stripe got it stamped 35 days back, outside its own window.
    await runReporterCycle(t.db, s.stripe, { customerId });
    const DAY = 24 * HOUR;
    const old = { periodStart: new Date(Date.now() - 51 * DAY), periodEnd: new Date(Date.now() - 49 * DAY), triggeredBy: "test", customerId, ...INSTANT };
    const run = await reconcile(t.db, s.stripe, old);
    expect(run.mismatched).toBeGreaterThan(0);
    for (const line of run.lines.filter((l) => l.unexplained !== 0)) {
      const repair = await repairLine(t.db, s.stripe, line.id, INSTANT);
      expect(repair).toMatchObject({ action: "none", status: "skipped" });
      expect(repair.detail).toMatch(/35 days/);
    }
    expect(await t.db.selectFrom("meter_reports").select("id").where("customer_id", "=", customerId).where("source", "=", "repair").execute()).toEqual([]);
  });

  it("does not repair into a billing period Stripe has already invoiced: the report would be billed nowhere", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    const customerId = customers[0]!;
    await insertEventRecordedDaysAgo(t.db, customerId, 3);
    await runReporterCycle(t.db, s.stripe, { customerId });
    // Stripe loses the output report.
    const lost = await sentReport(customerId, "output");
    expect((await fetch(`${s.emulator.url}/_emulator/meter_events/${lost.identifier}`, { method: "DELETE" })).status).toBe(200);
    const DAY = 24 * HOUR;
    const window = { periodStart: new Date(Date.now() - 4 * DAY), periodEnd: new Date(Date.now() - 2 * DAY), triggeredBy: "test", customerId, ...INSTANT };
    const run = await reconcile(t.db, s.stripe, window);
    const missing = run.lines.filter((l) => l.unexplained !== 0);
    expect(missing.length).toBeGreaterThan(0);

    // The customer's period renewed a day ago, past Stripe's hour of grace: that invoice is final.
    await t.db.updateTable("customers").set({ current_period_start: new Date(Date.now() - DAY) }).where("id", "=", customerId).execute();
    for (const line of missing) {
      const repair = await repairLine(t.db, s.stripe, line.id, INSTANT);
      expect(repair).toMatchObject({ action: "none", status: "skipped" });
      expect(repair.detail).toMatch(/already invoiced/);
    }
    expect(await t.db.selectFrom("meter_reports").select("id").where("customer_id", "=", customerId).where("source", "=", "repair").execute()).toEqual([]);

    // Within the hour of grace the invoice is still a draft: the repair goes out and is billed there.
    await t.db.updateTable("customers").set({ current_period_start: new Date(Date.now() - HOUR / 2) }).where("id", "=", customerId).execute();
    expect(await repairLine(t.db, s.stripe, missing[0]!.id, INSTANT)).toMatchObject({ action: "report_missing", status: "sent" });
  });
});
