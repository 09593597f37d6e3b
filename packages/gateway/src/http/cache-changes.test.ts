import { listenForCacheChanges, type CacheChangeListener } from "@meterkit/db";
import { useTestDb } from "@meterkit/db/testing";
import OpenAI from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { GatewayCaches } from "../pipeline/gateway-caches";
import { MODEL, seedCustomer, startGateway, type Gateway } from "../test/fixtures";

// Two replicas that remember keys and accounts for a minute: a change made anywhere (here, a
// statement as the admin portal or the API keys page would run it) must reach both at once
// through Postgres' change notices, not after the minute (decision 111).

const t = useTestDb();
const hello = [{ role: "user" as const, content: "Hello" }];
const replicas: Array<{ gateway: Gateway; caches: GatewayCaches; listener: CacheChangeListener }> = [];

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const caches = new GatewayCaches(t.db, 60_000);
    const listener = listenForCacheChanges(t.url, { onChange: (c) => caches.apply(c), onReset: () => caches.clear() });
    await listener.ready;
    replicas.push({ gateway: await startGateway(t.db, { v1: { caches } }), caches, listener });
  }
});
afterAll(async () => {
  for (const r of replicas) {
    await r.listener.close();
    await r.gateway.close();
  }
});

/** Retries until `check` passes; notices arrive after the change commits, within milliseconds. */
async function within(ms: number, check: () => Promise<void>): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - started;
    } catch (error) {
      if (Date.now() - started > ms) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

const ask = (gateway: Gateway, key: string) => gateway.client(key).chat.completions.create({ model: MODEL, messages: hello, max_tokens: 5 });

it("a revoked key stops working on every replica at once, though keys are remembered for a minute", async () => {
  const { apiKeyId, rawKey } = await seedCustomer(t.db);
  for (const { gateway } of replicas) await ask(gateway, rawKey); // now remembered by both
  await t.db.updateTable("api_keys").set({ revoked_at: new Date() }).where("id", "=", apiKeyId).execute();
  for (const { gateway } of replicas) {
    const took = await within(1_000, async () => {
      await expect(ask(gateway, rawKey)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    });
    expect(took).toBeLessThan(1_000);
  }
});

it("a suspension and a plan's new rate apply at once on every replica", async () => {
  const { customerId, planId, rawKey } = await seedCustomer(t.db);
  for (const { gateway } of replicas) await ask(gateway, rawKey);

  await t.db.updateTable("customers").set({ suspended_at: new Date() }).where("id", "=", customerId).execute();
  for (const { gateway } of replicas) {
    await within(1_000, async () => {
      await expect(ask(gateway, rawKey)).rejects.toMatchObject({ status: 403 });
    });
  }

  await t.db.updateTable("customers").set({ suspended_at: null }).where("id", "=", customerId).execute();
  for (const { gateway } of replicas) await within(1_000, async () => void (await ask(gateway, rawKey)));

  // The plan stops offering the model: every replica answers 404 model_not_found at once.
  await t.db.updateTable("plan_rates").set({ superseded_at: new Date() }).where("plan_id", "=", planId).execute();
  for (const { gateway } of replicas) {
    await within(1_000, async () => {
      await expect(ask(gateway, rawKey)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    });
  }
});
