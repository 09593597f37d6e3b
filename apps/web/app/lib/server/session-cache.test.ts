import { hashPassword, logIn, logOut } from "@meterkit/api";
import { listenForCacheChanges, type CacheChangeListener } from "@meterkit/db";
import { insertTestCustomer, useTestDb } from "@meterkit/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SessionCache } from "./session-cache";

// Two processes that remember sessions for a minute: a log-out, a password change or a role
// change made anywhere must end the session in both at once (decision 112).

const t = useTestDb();
const password = "correct horse battery staple";
let passwordHash: string;
const caches: SessionCache[] = [];
const listeners: CacheChangeListener[] = [];

beforeAll(async () => {
  passwordHash = await hashPassword(password);
  for (let i = 0; i < 2; i++) {
    const cache = new SessionCache(t.db, 60_000);
    const listener = listenForCacheChanges(t.url, { onChange: (c) => cache.apply(c), onReset: () => cache.clear() });
    await listener.ready;
    caches.push(cache);
    listeners.push(listener);
  }
});
afterAll(async () => {
  for (const listener of listeners) await listener.close();
});

async function signedIn() {
  const customerId = await insertTestCustomer(t.db);
  const email = `cache-${Math.random().toString(36).slice(2)}@example.test`;
  const user = await t.db.insertInto("users").values({ customer_id: customerId, email, password_hash: passwordHash, role: "customer" }).returning("id").executeTakeFirstOrThrow();
  const { session } = await logIn(t.db, { email, password }, { ip: null, audience: "customer" });
  return { userId: user.id, token: session.token };
}

async function gone(cache: SessionCache, token: string): Promise<void> {
  const deadline = Date.now() + 1_000;
  while ((await cache.resolve(token)) !== null) {
    if (Date.now() > deadline) throw new Error("the session is still served after a second");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

it("serves a remembered session without the database until it ends", async () => {
  const { userId, token } = await signedIn();
  const first = await caches[0]!.resolve(token);
  expect(first?.user.id).toBe(userId);
  // Moving the row's expiry says nothing to the caches: the remembered session is what is served.
  await t.db.updateTable("sessions").set({ expires_at: new Date(Date.now() + 5 * 60_000) }).where("user_id", "=", userId).execute();
  expect((await caches[0]!.resolve(token))?.expiresAt).toEqual(first?.expiresAt);
  expect(await caches[0]!.resolve("not-a-session-token")).toBeNull();
});

it("a log-out in one process ends the session in every process at once", async () => {
  const { token } = await signedIn();
  for (const cache of caches) expect(await cache.resolve(token)).not.toBeNull();
  await logOut(t.db, token);
  for (const cache of caches) await gone(cache, token);
});

it("a role change ends every remembered session of the user", async () => {
  const { userId, token } = await signedIn();
  for (const cache of caches) expect((await cache.resolve(token))?.user.customerId).not.toBeNull();
  await t.db.updateTable("users").set({ email: `renamed-${userId}@example.test` }).where("id", "=", userId).execute();
  for (const cache of caches) {
    const deadline = Date.now() + 1_000;
    while ((await cache.resolve(token))?.user.email !== `renamed-${userId}@example.test`) {
      if (Date.now() > deadline) throw new Error("the old user is still served after a second");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
});

it("never serves a remembered session past its expiry", async () => {
  const { userId, token } = await signedIn();
  const remembered = await caches[0]!.resolve(token);
  expect(remembered).not.toBeNull();
  // A minute after the remembered expiry: the cache asks the database, which ends the session.
  const later = new Date(remembered!.expiresAt.getTime() + 60_000);
  expect(await caches[0]!.resolve(token, later)).toBeNull();
  expect(await t.db.selectFrom("sessions").select("id").where("user_id", "=", userId).execute()).toEqual([]);
});
