import { useTestDb } from "@meterkit/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { recordUsage } from "../ledger/record-usage";
import { MODEL, seedCustomers, seedPlan, usage } from "../test/fixtures";
import { recoverStaleCheckpoints } from "./recover";

const t = useTestDb();

describe("recoverStaleCheckpoints", () => {
  it("turns a stale checkpoint into one aborted usage event with the checkpointed counts", async () => {
    const planId = await seedPlan(t.db);
    const [customerId] = await seedCustomers(t.db, planId, 1);
    const stale = new Date(Date.now() - 10 * 60_000);
    await t.db
      .insertInto("usage_checkpoints")
      .values({ request_id: "req_crashed", customer_id: customerId!, model: MODEL, plan_id: planId, prompt_tokens: 900, completion_text_tokens: 321, started_at: stale, updated_at: stale })
      .execute();
    await t.db
      .insertInto("usage_checkpoints")
      .values({ request_id: "req_live", customer_id: customerId!, model: MODEL, plan_id: planId, prompt_tokens: 10, completion_text_tokens: 5, started_at: new Date() })
      .execute();

    const [a, b] = await Promise.all([recoverStaleCheckpoints(t.db, { staleAfterSeconds: 60 }), recoverStaleCheckpoints(t.db, { staleAfterSeconds: 60 })]);
    expect(a + b).toBe(1);
    const event = await t.db.selectFrom("usage_events").selectAll().where("request_id", "=", "req_crashed").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ status: "aborted", prompt_tokens_sent: 900, billed_input_tokens: 900, billed_output_tokens: 321, count_source: "local" });
    const left = await t.db.selectFrom("usage_checkpoints").select("request_id").execute();
    expect(left.map((r) => r.request_id)).toEqual(["req_live"]);

    // The live stream finishes normally later: its own event, and its checkpoint goes away.
    await recordUsage(t.db, usage(customerId!, { requestId: "req_live" }));
    expect(await t.db.selectFrom("usage_checkpoints").select("request_id").execute()).toHaveLength(0);
  });

  it("bills at the rate the request was admitted at, even after the model was dropped from the plan", async () => {
    const planId = await seedPlan(t.db, { rate: [1_000_000, 500_000, 4_000_000] });
    const [customerId] = await seedCustomers(t.db, planId, 1);
    const started = new Date(Date.now() - 10 * 60_000);
    // plan_rates.created_at is written by Postgres only; a test dates it by hand.
    await sql`UPDATE plan_rates SET created_at = ${new Date(started.getTime() - 60_000)} WHERE plan_id = ${planId}`.execute(t.db);
    await insertStaleCheckpoint(customerId!, planId, "req_dropped", MODEL, started);
    // After the request started, an admin raised the rate (version 2), then dropped the model.
    await sql`INSERT INTO plan_rates (plan_id, model, version, input_micros_per_mtok, cached_input_micros_per_mtok, output_micros_per_mtok, created_at, superseded_at)
      VALUES (${planId}, ${MODEL}, 2, 9000000, 9000000, 9000000, ${new Date(started.getTime() + 60_000)}, ${new Date(started.getTime() + 120_000)})`.execute(t.db);
    await t.db.updateTable("plan_rates").set({ superseded_at: new Date(started.getTime() + 60_000) }).where("plan_id", "=", planId).where("version", "=", 1).execute();

    expect(await recoverStaleCheckpoints(t.db, { staleAfterSeconds: 60 })).toBe(1);
    const event = await t.db.selectFrom("usage_events").selectAll().where("request_id", "=", "req_dropped").executeTakeFirstOrThrow();
    // 1,000 prompt tokens at 1,000,000/M and 100 completion tokens at 4,000,000/M: version 1's prices.
    expect(event).toMatchObject({ rate_version: 1, status: "aborted" });
    expect(Number(event.cost_micros)).toBe(1_000 + 400);
  });

  it("a checkpoint that cannot be billed is reported and skipped; the crashed streams after it are still billed", async () => {
    const planId = await seedPlan(t.db);
    const [customerId] = await seedCustomers(t.db, planId, 1);
    // The oldest: a model this plan never had a rate for.
    await insertStaleCheckpoint(customerId!, planId, "req_unbillable", "gpt-4o", new Date(Date.now() - 20 * 60_000));
    await insertStaleCheckpoint(customerId!, planId, "req_fine", MODEL, new Date(Date.now() - 10 * 60_000));

    const errors: string[] = [];
    for (let run = 0; run < 2; run++) await recoverStaleCheckpoints(t.db, { staleAfterSeconds: 60, onError: (_error, requestId) => errors.push(requestId) });
    expect(errors).toEqual(["req_unbillable", "req_unbillable"]);
    const billed = await t.db.selectFrom("usage_events").select("request_id").where("customer_id", "=", customerId!).execute();
    expect(billed.map((e) => e.request_id)).toEqual(["req_fine"]);
    // Left in place, for an operator to see and for a later run once the plan has the rate.
    const left = await t.db.selectFrom("usage_checkpoints").select("request_id").where("customer_id", "=", customerId!).execute();
    expect(left.map((r) => r.request_id)).toEqual(["req_unbillable"]);
  });
});

async function insertStaleCheckpoint(customerId: string, planId: string, requestId: string, model: string, at: Date): Promise<void> {
  await t.db
    .insertInto("usage_checkpoints")
    .values({ request_id: requestId, customer_id: customerId, model, plan_id: planId, prompt_tokens: 1_000, completion_text_tokens: 100, started_at: at, updated_at: at })
    .execute();
}
