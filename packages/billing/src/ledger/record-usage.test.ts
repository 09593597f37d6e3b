import { useTestDb } from "@meterkit/db/testing";
import { describe, expect, it } from "vitest";
import { MODEL, seedCustomers, seedPlan, usage } from "../test/fixtures";
import { recordAdjustment } from "./record-adjustment";
import { recordUsage } from "./record-usage";
import { usageSummary } from "./usage-summary";

const t = useTestDb();

describe("recordUsage", () => {
  it("is idempotent on request_id: a repeat returns the first event and writes no second row", async () => {
    const planId = await seedPlan(t.db);
    const [customerId] = await seedCustomers(t.db, planId, 1);
    const input = usage(customerId!);
    const first = await recordUsage(t.db, input);
    const again = await recordUsage(t.db, { ...input, completionTokens: 999 });
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => recordUsage(t.db, input)));
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ id: first.id, created: false, billedOutputTokens: 80 });
    expect(new Set(concurrent.map((c) => c.id))).toEqual(new Set([first.id]));
    const rows = await t.db.selectFrom("usage_events").select("id").where("request_id", "=", input.requestId).execute();
    expect(rows).toHaveLength(1);
  });

  it("bills classes without double counting and costs at the current rate version", async () => {
    // 0.15 / 0.075 / 0.60 USD per 1M tokens
    const planId = await seedPlan(t.db, { rate: [150_000, 75_000, 600_000] });
    const [customerId] = await seedCustomers(t.db, planId, 1);
    const r = await recordUsage(t.db, usage(customerId!, { promptTokensSent: 1_000_000, promptTokensEffective: 1_000_000, cachedPromptTokens: 400_000, completionTokens: 500_000, reasoningTokens: 200_000 }));
    expect(r).toMatchObject({ billedInputTokens: 600_000, billedCachedInputTokens: 400_000, billedOutputTokens: 500_000, rateVersion: 1 });
    // 0.6 × 150000 + 0.4 × 75000 + 0.5 × 600000 = 90000 + 30000 + 300000
    expect(r.costMicros).toBe(420_000);

    await t.db.updateTable("plan_rates").set({ superseded_at: new Date() }).where("plan_id", "=", planId).execute();
    await t.db.insertInto("plan_rates").values({ plan_id: planId, model: MODEL, version: 2, input_micros_per_mtok: 300_000, cached_input_micros_per_mtok: 75_000, output_micros_per_mtok: 600_000 }).execute();
    const after = await recordUsage(t.db, usage(customerId!, { promptTokensSent: 1_000_000, promptTokensEffective: 1_000_000, cachedPromptTokens: 0, completionTokens: 0, reasoningTokens: 0 }));
    expect(after).toMatchObject({ rateVersion: 2, costMicros: 300_000 });
  });

  it("costs with the pricing the caller passes (the rate its reservation used), not a newer one", async () => {
    const planId = await seedPlan(t.db, { rate: [150_000, 75_000, 600_000] });
    const [customerId] = await seedCustomers(t.db, planId, 1);
    await t.db.updateTable("plan_rates").set({ superseded_at: new Date() }).where("plan_id", "=", planId).execute();
    await t.db.insertInto("plan_rates").values({ plan_id: planId, model: MODEL, version: 2, input_micros_per_mtok: 900_000, cached_input_micros_per_mtok: 75_000, output_micros_per_mtok: 600_000 }).execute();
    const rate = { planId, model: MODEL, version: 1, inputMicrosPerMtok: 150_000, cachedInputMicrosPerMtok: 75_000, outputMicrosPerMtok: 600_000 };
    const tokens = { promptTokensSent: 1_000_000, promptTokensEffective: 1_000_000, cachedPromptTokens: 0, completionTokens: 0, reasoningTokens: 0 };
    const r = await recordUsage(t.db, { ...usage(customerId!, tokens), pricing: { billPromptAs: "sent", rate } });
    expect(r).toMatchObject({ created: true, rateVersion: 1, costMicros: 150_000 });
    const row = await t.db.selectFrom("usage_events").select(["rate_version", "cost_micros", "plan_id"]).where("id", "=", r.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ rate_version: 1, cost_micros: 150_000, plan_id: planId });
  });

  it("bills the effective prompt when the plan says so", async () => {
    const planId = await seedPlan(t.db, { billPromptAs: "effective" });
    const [customerId] = await seedCustomers(t.db, planId, 1);
    const r = await recordUsage(t.db, usage(customerId!, { status: "truncated", promptTokensSent: 9_000, promptTokensEffective: 4_000, cachedPromptTokens: 0 }));
    expect(r.billedInputTokens).toBe(4_000);
  });

  it("settles the reservation and deletes the checkpoint in the same transaction", async () => {
    const planId = await seedPlan(t.db);
    const [customerId] = await seedCustomers(t.db, planId, 1);
    const input = usage(customerId!);
    await t.db.insertInto("reservations").values({ customer_id: customerId!, request_id: input.requestId, amount_micros: 5_000, expires_at: new Date(Date.now() + 60_000) }).execute();
    await t.db.insertInto("usage_checkpoints").values({ request_id: input.requestId, customer_id: customerId!, model: MODEL, plan_id: planId, prompt_tokens: 120, completion_text_tokens: 40, started_at: new Date() }).execute();
    await recordUsage(t.db, input);
    const reservation = await t.db.selectFrom("reservations").select(["status", "settled_at"]).where("request_id", "=", input.requestId).executeTakeFirstOrThrow();
    expect(reservation.status).toBe("settled");
    expect(reservation.settled_at).not.toBeNull();
    expect(await t.db.selectFrom("usage_checkpoints").select("request_id").where("request_id", "=", input.requestId).execute()).toHaveLength(0);
  });

  it("takes a leased request's share off its lease, and settles the lease once it is given back and empty", async () => {
    const planId = await seedPlan(t.db);
    const [customerId] = await seedCustomers(t.db, planId, 1);
    const lease = await t.db
      .insertInto("reservations")
      .values({ customer_id: customerId!, request_id: `lease_${customerId}`, kind: "lease", amount_micros: 9_000, expires_at: new Date(Date.now() + 60_000) })
      .returning("id")
      .executeTakeFirstOrThrow();
    const read = () => t.db.selectFrom("reservations").select(["amount_micros", "status"]).where("id", "=", lease.id).executeTakeFirstOrThrow();
    const first = usage(customerId!);
    await recordUsage(t.db, { ...first, lease: { reservationId: lease.id, reservedMicros: 3_000 } });
    // A repeat of the same request writes nothing, so takes nothing off twice.
    await recordUsage(t.db, { ...first, lease: { reservationId: lease.id, reservedMicros: 3_000 } });
    expect(await read()).toEqual({ amount_micros: 6_000, status: "held" });
    // Its process gives back the unused part while one request is still in flight...
    await t.db.updateTable("reservations").set({ amount_micros: 3_000, returned_at: new Date() }).where("id", "=", lease.id).execute();
    // ...and that request's usage event empties and settles it.
    await recordUsage(t.db, { ...usage(customerId!), lease: { reservationId: lease.id, reservedMicros: 3_000 } });
    expect(await read()).toEqual({ amount_micros: 0, status: "settled" });
  });

  it("summarises the period as the sum of its events, adjustments and credits included", async () => {
    const planId = await seedPlan(t.db);
    const [customerId] = await seedCustomers(t.db, planId, 1);
    const events = await Promise.all([1, 2, 3].map(() => recordUsage(t.db, usage(customerId!))));
    const adj = await recordAdjustment(t.db, { requestId: `adj_${customerId}`, customerId: customerId!, kind: "adjustment", model: MODEL, tokens: { output: -80 }, note: "refund one answer" });
    const credit = await recordAdjustment(t.db, { requestId: `cr_${customerId}`, customerId: customerId!, kind: "credit", costMicros: -10_000, note: "goodwill" });
    const summary = await usageSummary(t.db, customerId!, { start: new Date(Date.now() - 3_600_000), end: new Date(Date.now() + 3_600_000) });
    expect(summary.models).toHaveLength(1);
    expect(summary.models[0]).toMatchObject({ model: MODEL, inputTokens: 300, cachedInputTokens: 60, outputTokens: 160 });
    expect(summary.usageMicros).toBe(events.reduce((s, e) => s + e.costMicros, 0) + adj.costMicros);
    expect(adj.costMicros).toBeLessThan(0);
    expect(summary.creditMicros).toBe(credit.costMicros);
    expect(summary.totalMicros).toBe(summary.usageMicros - 10_000);
  });
});
