import { createDb } from "@meterkit/db";
import { useTestDb } from "@meterkit/db/testing";
import { countChatTokens, countTokens } from "@meterkit/metering";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MODEL, seedCustomer, settled, startGateway, usageEvents, type Gateway } from "../test/fixtures";

const t = useTestDb();
let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway(t.db);
});
afterAll(() => gateway.close());

const messages = [{ role: "user" as const, content: "Is my usage written before or after you answer?" }];

// Decision 114: a /v1 reply does not wait for its ledger write. Holding a lock that blocks every
// insert into the ledger makes the order visible: both replies arrive while the writes wait, each
// request is covered by its admission checkpoint meanwhile, and the events land once the lock goes.
it("answers before its usage event is written; the admission checkpoint covers the reply until the event lands", async () => {
  const { customerId, rawKey } = await seedCustomer(t.db);
  const client = gateway.client(rawKey);
  const prompt = countChatTokens(messages, MODEL);

  let texts: string[] = [];
  await t.db.connection().execute(async (locked) => {
    await sql`BEGIN`.execute(locked);
    // EXCLUSIVE blocks inserts but not reads: admission of an uncapped plan never writes the ledger.
    await sql`LOCK TABLE usage_events IN EXCLUSIVE MODE`.execute(locked);
    try {
      const json = await client.chat.completions.create({ model: MODEL, messages, max_tokens: 30 });
      const stream = await client.chat.completions.create({ model: MODEL, messages, max_tokens: 30, stream: true });
      let streamed = "";
      for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? "";
      texts = [json.choices[0]?.message.content ?? "", streamed];

      const checkpoints = await t.db.selectFrom("usage_checkpoints").selectAll().where("customer_id", "=", customerId).execute();
      expect(checkpoints).toHaveLength(2);
      expect(checkpoints.every((c) => c.prompt_tokens === prompt)).toBe(true);
    } finally {
      await sql`COMMIT`.execute(locked);
    }
  });

  await settled(t.db, customerId);
  const events = await usageEvents(t.db, customerId);
  expect(events.map((e) => e.completion_tokens).sort()).toEqual(texts.map((text) => countTokens(text, MODEL)).sort());
  expect(events.every((e) => e.prompt_tokens_sent === prompt && e.status !== "aborted")).toBe(true);
  expect(gateway.backgroundErrors).toEqual([]);
});

// A process shutting down right after a reply (a deploy) must still write it: serve() closes the
// pool only after the last response, and by then the write holds its connection, which pg's
// pool.end() waits for. The lock keeps the write in flight while the pool is being closed.
it("a shutdown right after the reply still writes its usage event", async () => {
  const { customerId, rawKey } = await seedCustomer(t.db);
  const own = createDb(t.url, { max: 2 });
  const replica = await startGateway(own);
  let closing: Promise<void> | undefined;
  await t.db.connection().execute(async (locked) => {
    await sql`BEGIN`.execute(locked);
    await sql`LOCK TABLE usage_events IN EXCLUSIVE MODE`.execute(locked);
    try {
      await replica.client(rawKey).chat.completions.create({ model: MODEL, messages, max_tokens: 10 });
      await replica.close();
      closing = own.destroy();
      // Still blocked by the lock: nothing written yet, the pool waits.
      expect(await t.db.selectFrom("usage_events").select("id").where("customer_id", "=", customerId).execute()).toEqual([]);
    } finally {
      await sql`COMMIT`.execute(locked);
    }
  });
  await closing;
  const events = await t.db.selectFrom("usage_events").selectAll().where("customer_id", "=", customerId).execute();
  expect(events).toHaveLength(1);
  // Written by the request itself, not recovered from its checkpoint as aborted.
  expect(["completed", "truncated"]).toContain(events[0]?.status);
  expect(await t.db.selectFrom("usage_checkpoints").selectAll().where("customer_id", "=", customerId).execute()).toEqual([]);
  expect(replica.backgroundErrors).toEqual([]);
});
