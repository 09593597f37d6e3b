import { useTestDb } from "@meterkit/db/testing";
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
});
