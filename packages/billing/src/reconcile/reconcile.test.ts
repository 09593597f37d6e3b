import { useTestDb } from "@meterkit/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { recordUsage } from "../ledger/record-usage";
import { runReporterCycle } from "../outbox/cycle";
import { useEmulator } from "../test/emulator";
import { ledgerTotals, usage } from "../test/fixtures";
import { stripeTotals, syncedCustomers } from "../test/synced";
import { reconcile } from "./reconcile";
import { repairLine } from "./repair";

const t = useTestDb();
const s = useEmulator();
const HOUR = 3_600_000;
const period = () => ({ periodStart: new Date(Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR), periodEnd: new Date(Math.ceil(Date.now() / HOUR) * HOUR + HOUR), triggeredBy: "test" });

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

    const repair = await repairLine(t.db, s.stripe, line.id);
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
    expect(await repairLine(t.db, s.stripe, overLine.id)).toMatchObject({ action: "cancel_events", status: "done" });
    expect((await reconcile(t.db, s.stripe, { ...period(), customerId: customers[0] })).mismatched).toBe(0);

    // An extra amount that matches none of our reports cannot be cancelled safely.
    await s.stripe.billing.meterEvents.create({ event_name: report.event_name, identifier: "foreign-odd-1", payload: { stripe_customer_id: report.stripe_customer_id, value: "7" } });
    const odd = await reconcile(t.db, s.stripe, { ...period(), customerId: customers[0] });
    const oddLine = odd.lines.find((l) => l.unexplained !== 0)!;
    expect(await repairLine(t.db, s.stripe, oddLine.id)).toMatchObject({ action: "ledger_adjustment", status: "done" });
    expect((await reconcile(t.db, s.stripe, { ...period(), customerId: customers[0] })).mismatched).toBe(0);
    const adjustment = await t.db.selectFrom("usage_events").selectAll().where("request_id", "=", `recon_${oddLine.id}`).executeTakeFirstOrThrow();
    expect(adjustment).toMatchObject({ kind: "adjustment", billed_input_tokens: 7 });
    // The adjustment is already in Stripe: the reporter must never send it.
    await runReporterCycle(t.db, s.stripe, { customerId: customers[0] });
    expect((await reconcile(t.db, s.stripe, { ...period(), customerId: customers[0] })).mismatched).toBe(0);
  });
});
