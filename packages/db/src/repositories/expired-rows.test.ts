import { expect, it } from "vitest";
import { insertTestCustomer, useTestDb } from "../testing/index.js";
import { deleteExpiredRows } from "./expired-rows.js";

const t = useTestDb();
const now = new Date("2026-11-27T12:00:00Z");
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

it("deletes dead sessions, reset tokens and rate-limit buckets in batches, and nothing alive", async () => {
  const customerId = await insertTestCustomer(t.db);
  const user = await t.db
    .insertInto("users")
    .values({ email: "housekeeping@example.test", password_hash: "x", role: "customer", customer_id: customerId })
    .returning("id")
    .executeTakeFirstOrThrow();
  // 7 expired sessions (more than one batch of 3) and 2 live ones.
  await t.db.insertInto("sessions").values([...Array.from({ length: 7 }, (_, i) => ({ user_id: user.id, expires_at: at(-1 - i) })), { user_id: user.id, expires_at: at(1) }, { user_id: user.id, expires_at: at(60 * 24) }]).execute();
  await t.db
    .insertInto("password_resets")
    .values([
      { user_id: user.id, token_hash: "expired-long-ago", expires_at: at(-25 * 60) },
      { user_id: user.id, token_hash: "used-long-ago", expires_at: at(60), used_at: at(-25 * 60) },
      { user_id: user.id, token_hash: "expired-recently", expires_at: at(-60) },
      { user_id: user.id, token_hash: "still-valid", expires_at: at(30) },
    ])
    .execute();
  await t.db
    .insertInto("rate_limit_buckets")
    .values([
      { key: "key:a", window_start: at(-180), tokens: 1, requests: 1 },
      { key: "key:a", window_start: at(-121), tokens: 1, requests: 1 },
      { key: "key:a", window_start: at(-1), tokens: 1, requests: 1 },
      { key: "login:x", window_start: at(-15), tokens: 0, requests: 2 },
    ])
    .execute();

  const counts = await deleteExpiredRows(t.db, { now, batchSize: 3 });
  expect(counts).toEqual({ sessions: 7, password_resets: 2, rate_limit_buckets: 2 });

  const sessions = await t.db.selectFrom("sessions").select("expires_at").orderBy("expires_at").execute();
  expect(sessions.map((s) => new Date(s.expires_at))).toEqual([at(1), at(60 * 24)]);
  const resets = await t.db.selectFrom("password_resets").select("token_hash").orderBy("token_hash").execute();
  expect(resets.map((r) => r.token_hash)).toEqual(["expired-recently", "still-valid"]);
  const buckets = await t.db.selectFrom("rate_limit_buckets").select("window_start").orderBy("window_start").execute();
  expect(buckets.map((b) => new Date(b.window_start))).toEqual([at(-15), at(-1)]);

  expect(await deleteExpiredRows(t.db, { now })).toEqual({ sessions: 0, password_resets: 0, rate_limit_buckets: 0 });
});

it("stops between batches when asked to", async () => {
  const stop = new AbortController();
  stop.abort();
  expect(await deleteExpiredRows(t.db, { now, signal: stop.signal })).toEqual({ sessions: 0, password_resets: 0, rate_limit_buckets: 0 });
});
