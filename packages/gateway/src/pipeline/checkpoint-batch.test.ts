import { useTestDb } from "@meterkit/db/testing";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MODEL, seedCustomer } from "../test/fixtures";
import { CheckpointBatch, type CheckpointRow } from "./checkpoint-batch";

const t = useTestDb();

const row = (seeded: { customerId: string; planId: string }, completionTokens: number, requestId = `req_${randomUUID()}`): CheckpointRow => ({
  requestId,
  customerId: seeded.customerId,
  userId: null,
  apiKeyId: null,
  conversationId: null,
  model: MODEL,
  planId: seeded.planId,
  promptTokens: 12,
  completionTokens,
  startedAt: new Date(),
  leaseReservationId: null,
});

const stored = (customerId: string) =>
  t.db.selectFrom("usage_checkpoints").select(["request_id", "completion_text_tokens"]).where("customer_id", "=", customerId).orderBy("completion_text_tokens").execute();

describe("CheckpointBatch", () => {
  it("writes the counts of many streams together, each stream's newest count once", async () => {
    const seeded = await seedCustomer(t.db);
    const batch = new CheckpointBatch(t.db, 60_000);
    const streamA = row(seeded, 10);
    const writes = [batch.write(streamA), batch.write({ ...streamA, completionTokens: 30 }), batch.write(row(seeded, 20))];
    // Nothing is sent before the batch's delay (here: an explicit flush).
    expect(await stored(seeded.customerId)).toEqual([]);
    await batch.flush();
    await Promise.all(writes);
    expect((await stored(seeded.customerId)).map((r) => r.completion_text_tokens)).toEqual([20, 30]);
    // A later count of a stream updates its row.
    const later = batch.write({ ...streamA, completionTokens: 45 });
    await batch.flush();
    await later;
    expect((await stored(seeded.customerId)).map((r) => r.completion_text_tokens)).toEqual([20, 45]);
  });

  it("is one statement: a row that cannot be written fails its whole batch, and says so to each writer", async () => {
    const seeded = await seedCustomer(t.db);
    const batch = new CheckpointBatch(t.db, 60_000);
    const good = batch.write(row(seeded, 5));
    const bad = batch.write({ ...row(seeded, 6), customerId: randomUUID() });
    const flushed = batch.flush();
    await expect(good).rejects.toThrow();
    await expect(bad).rejects.toThrow();
    await flushed;
    expect(await stored(seeded.customerId)).toEqual([]);
  });

  it("drops a withdrawn count and lets its writer go on at once", async () => {
    const seeded = await seedCustomer(t.db);
    const batch = new CheckpointBatch(t.db, 60_000);
    const withdrawn = row(seeded, 7);
    const write = batch.write(withdrawn);
    batch.withdraw(withdrawn.requestId);
    await write;
    await batch.flush();
    expect(await stored(seeded.customerId)).toEqual([]);
  });
});
