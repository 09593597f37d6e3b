import { useTestDb } from "@meterkit/db/testing";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { MODEL, seedCustomer } from "../test/fixtures";
import { recordDueSpendAlerts } from "./spend-alerts";

const t = useTestDb();

/** A ledger event of that cost, now: what a finished request leaves. */
async function spend(customerId: string, costMicros: number, at = new Date()): Promise<void> {
  await sql`
    INSERT INTO usage_events (request_id, customer_id, model, kind, status, prompt_tokens_sent, prompt_tokens_effective,
      completion_tokens, billed_input_tokens, billed_output_tokens, cost_micros, count_source, started_at, occurred_at)
    VALUES (${`req_${randomUUID()}`}, ${customerId}, ${MODEL}, 'usage', 'completed', 10, 10, 5, 10, 5, ${costMicros}, 'local', ${at}, ${at})`.execute(t.db);
}

const alerts = (customerId: string) => t.db.selectFrom("spend_alerts").select(["threshold_pct"]).where("customer_id", "=", customerId).execute();

describe("recordDueSpendAlerts", () => {
  it("records the alert a request's own check missed, once, against the smaller of cap and budget", async () => {
    // Crossed 80% by requests whose own checks each saw less (none recorded it).
    const capped = await seedCustomer(t.db, { hardCapMicros: 1_000 });
    await spend(capped.customerId, 700);
    await spend(capped.customerId, 110);
    // The budget is the smaller limit here: 850 of 1,000 budget, though far below the cap.
    const budgeted = await seedCustomer(t.db, { hardCapMicros: 100_000, monthlyBudgetMicros: 1_000 });
    await spend(budgeted.customerId, 850);
    const below = await seedCustomer(t.db, { hardCapMicros: 1_000 });
    await spend(below.customerId, 790);
    const unlimited = await seedCustomer(t.db);
    await spend(unlimited.customerId, 10_000_000);

    expect(await recordDueSpendAlerts(t.db)).toBeGreaterThanOrEqual(2);
    expect(await alerts(capped.customerId)).toEqual([{ threshold_pct: 80 }]);
    expect(await alerts(budgeted.customerId)).toEqual([{ threshold_pct: 80 }]);
    expect(await alerts(below.customerId)).toEqual([]);
    expect(await alerts(unlimited.customerId)).toEqual([]);

    // Once per period: a second pass adds nothing.
    await recordDueSpendAlerts(t.db);
    expect(await alerts(capped.customerId)).toHaveLength(1);
  });

  it("looks only at customers who used the API lately", async () => {
    const idle = await seedCustomer(t.db, { hardCapMicros: 1_000 });
    await spend(idle.customerId, 900, new Date(Date.now() - 30 * 60_000));
    await recordDueSpendAlerts(t.db, { activeWithinMs: 5 * 60_000 });
    expect(await alerts(idle.customerId)).toEqual([]);
    await recordDueSpendAlerts(t.db, { activeWithinMs: 60 * 60_000 });
    expect(await alerts(idle.customerId)).toEqual([{ threshold_pct: 80 }]);
  });
});
