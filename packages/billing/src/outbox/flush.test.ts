import { useTestDb } from "@meterkit/db/testing";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { recordUsage } from "../ledger/record-usage";
import { useEmulator } from "../test/emulator";
import { ledgerTotals, usage } from "../test/fixtures";
import { stripeTotals, syncedCustomers } from "../test/synced";
import { enqueueMeterReports } from "./enqueue";
import { flushMeterReports } from "./flush";
import { flushCustomerNow } from "./flush-customer";

const t = useTestDb();
const s = useEmulator();
const fast = { baseMs: 10, maxMs: 50, maxAttempts: 50 };

afterEach(() => {
  s.emulator.clearFaults();
  s.emulator.setClockOffset(0);
});

async function drain(): Promise<void> {
  await enqueueMeterReports(t.db);
  for (let i = 0; i < 500; i++) {
    const open = await sql<{ n: number }>`SELECT count(*)::int AS n FROM meter_reports WHERE status IN ('pending', 'failed')`.execute(t.db);
    if (open.rows[0]!.n === 0) return;
    await flushMeterReports(t.db, s.stripe, { backoff: fast });
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error("outbox did not drain");
}

describe("flushMeterReports", () => {
  it("delivers every report once and Stripe's totals equal the ledger's", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 3);
    for (let i = 0; i < 30; i++) await recordUsage(t.db, usage(customers[i % 3]!, { completionTokens: 10 + i }));
    await drain();
    expect(await stripeTotals(t.db, s.emulator)).toEqual(await ledgerTotals(t.db));
    const statuses = await sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM meter_reports GROUP BY 1`.execute(t.db);
    expect(statuses.rows).toEqual([{ status: "sent", n: 9 }]);
  });

  it("retries 5xx and 429 with backoff until delivered, never double counting", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 4);
    for (let i = 0; i < 40; i++) await recordUsage(t.db, usage(customers[i % 4]!));
    s.emulator.setFaults({ rate5xx: 0.3, rate429: 0.2, resetAfterStore: 0.2, paths: ["/v1/billing/meter_events"], seed: 7 });
    await drain();
    expect(await stripeTotals(t.db, s.emulator)).toEqual(await ledgerTotals(t.db));
    const retried = await sql<{ n: number }>`SELECT count(*)::int AS n FROM meter_reports WHERE attempts > 1`.execute(t.db);
    expect(retried.rows[0]!.n).toBeGreaterThan(0);
    expect(s.emulator.stats().meterEvents.duplicate).toBeGreaterThan(0);
  });

  it("takes Stripe's duplicate-identifier rejection as delivered", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    await recordUsage(t.db, usage(customers[0]!));
    await drain();
    const accepted = s.emulator.stats().meterEvents.accepted;
    // As if the worker died after Stripe stored the events but before it wrote `sent`.
    await sql`UPDATE meter_reports SET status = 'pending', sent_at = NULL WHERE customer_id = ${customers[0]}`.execute(t.db);
    const result = await flushMeterReports(t.db, s.stripe, { customerId: customers[0] });
    expect(result).toMatchObject({ claimed: 3, sent: 3, dead: 0 });
    expect(s.emulator.stats().meterEvents.accepted).toBe(accepted);
    const notes = await sql<{ last_error: string }>`SELECT last_error FROM meter_reports WHERE customer_id = ${customers[0]}`.execute(t.db);
    expect(notes.rows.every((r) => r.last_error.includes("duplicate identifier"))).toBe(true);
  });

  it("dead-letters a report Stripe rejects for good, and keeps the pair moving", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    const meter = await t.db
      .insertInto("meters")
      .values({ model: "broken-model", token_class: "input", event_name: `mk_${"x".repeat(120)}`, stripe_meter_id: "mtr_broken" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await sql`INSERT INTO meter_reports (identifier, customer_id, meter_id, value) VALUES ('mk_mr_broken', ${customers[0]}, ${meter.id}, 5)`.execute(t.db);
    const result = await flushMeterReports(t.db, s.stripe, { customerId: customers[0] });
    expect(result.dead).toBe(1);
    const row = await sql<{ status: string; last_error: string; attempts: number }>`SELECT status, last_error, attempts FROM meter_reports WHERE identifier = 'mk_mr_broken'`.execute(t.db);
    expect(row.rows[0]).toMatchObject({ status: "dead", attempts: 1 });
    expect(row.rows[0]!.last_error).toContain("400");
  });

  it("after 23 h asks the meter event summaries instead of trusting the identifier", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 2);
    const [delivered, lost] = customers as [string, string];
    await recordUsage(t.db, usage(delivered));
    await recordUsage(t.db, usage(lost));
    await enqueueMeterReports(t.db);
    await flushMeterReports(t.db, s.stripe, { customerId: delivered });
    // `delivered`: Stripe has the events but we never recorded it. `lost`: the first try never arrived.
    await sql`UPDATE meter_reports SET status = 'failed', attempts = 1, sent_at = NULL, first_sent_at = now() - interval '25 hours'
      WHERE customer_id IN (${delivered}, ${lost})`.execute(t.db);
    s.emulator.setClockOffset(25 * 3600); // Stripe's dedupe memory of the first send has expired
    const acceptedBefore = s.emulator.stats().meterEvents.accepted;

    const result = await flushMeterReports(t.db, s.stripe, {});
    expect(result).toMatchObject({ sent: 6, confirmedFromSummaries: 3, dead: 0 });
    expect(s.emulator.stats().meterEvents.accepted).toBe(acceptedBefore + 3);
    expect(await stripeTotals(t.db, s.emulator)).toEqual(await ledgerTotals(t.db));
  });

  it("sends through the v2 meter event stream in batches", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 5);
    for (const c of customers) await recordUsage(t.db, usage(c));
    await enqueueMeterReports(t.db);
    const result = await flushMeterReports(t.db, s.stripe, { useV2Stream: true });
    expect(result).toMatchObject({ claimed: 15, sent: 15, viaV2: true });
    expect(s.emulator.stats().requests["POST /v2/billing/meter_event_stream"]).toBeGreaterThanOrEqual(1);
    expect(await stripeTotals(t.db, s.emulator)).toEqual(await ledgerTotals(t.db));
  });

  it("flushes an immediate-plan customer right after the request", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1, { flushPolicy: "immediate" });
    await recordUsage(t.db, usage(customers[0]!, { cachedPromptTokens: 0 }));
    const result = await flushCustomerNow(t.db, s.stripe, customers[0]!);
    expect(result.sent).toBe(2);
    expect(await stripeTotals(t.db, s.emulator)).toEqual(await ledgerTotals(t.db));
  });
});
