import { createHash } from "node:crypto";
import { useTestDb } from "@meterkit/db/testing";
import { describe, expect, it } from "vitest";
import { rejectionOf, signUpCustomer } from "../../test/actors";
import { MAX_ACTIVE_API_KEYS } from "./create";
import { verifyApiKey } from "./verify-api-key";

const t = useTestDb();

describe("API keys", () => {
  it("create shows the full key once and stores only its SHA-256 and a short prefix", async () => {
    const c = await signUpCustomer(t.db, "keys");
    const { key, apiKey } = await c.caller.apiKeys.create({ name: "  CI runner  " });
    expect(key).toMatch(/^mk_live_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: "CI runner", prefix: key.slice(0, 14), lastUsedAt: null, revokedAt: null });
    const row = await t.db.selectFrom("api_keys").selectAll().where("id", "=", apiKey.id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(key);
    const listed = await c.caller.apiKeys.find();
    expect(listed).toEqual([apiKey]);
    expect(JSON.stringify(listed)).not.toContain(key.slice(14));
  });

  it("verifyApiKey accepts the key, notes last use at most once a minute, and refuses it once revoked", async () => {
    const c = await signUpCustomer(t.db, "verify");
    const { key, apiKey } = await c.caller.apiKeys.create({ name: "server" });
    const t0 = new Date();
    expect(await verifyApiKey(t.db, key, t0)).toEqual({ id: apiKey.id, customerId: c.customer.id, name: "server", prefix: apiKey.prefix });
    const lastUsed = async () =>
      (await t.db.selectFrom("api_keys").select("last_used_at").where("id", "=", apiKey.id).executeTakeFirstOrThrow()).last_used_at?.getTime();
    expect(await lastUsed()).toBe(t0.getTime());
    await verifyApiKey(t.db, key, new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toBe(t0.getTime());
    const t2 = new Date(t0.getTime() + 61_000);
    await verifyApiKey(t.db, key, t2);
    expect(await lastUsed()).toBe(t2.getTime());

    const revoked = await c.caller.apiKeys.revoke({ id: apiKey.id });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await verifyApiKey(t.db, key)).toBeNull();
    const again = await c.caller.apiKeys.revoke({ id: apiKey.id });
    expect(again.revokedAt).toBe(revoked.revokedAt);
  });

  it("verifyApiKey refuses malformed and unknown keys without touching the database", async () => {
    for (const raw of ["", "sk-live-123", "mk_live_short", `mk_live_${"a".repeat(43)}`, `mk_live_${"a".repeat(42)}!`]) {
      expect(await verifyApiKey(t.db, raw)).toBeNull();
    }
  });

  it("a key name is required", async () => {
    const c = await signUpCustomer(t.db, "noname");
    const error = await rejectionOf(c.caller.apiKeys.create({ name: "   " }));
    expect(error.code).toBe("BAD_REQUEST");
  });

  it("a customer holds at most 20 active keys, even when created all at once; a revoked key frees a place", async () => {
    const c = await signUpCustomer(t.db, "many");
    const attempts = await Promise.allSettled(Array.from({ length: MAX_ACTIVE_API_KEYS + 5 }, (_, i) => c.caller.apiKeys.create({ name: `key ${i}` })));
    const created = attempts.filter((a) => a.status === "fulfilled");
    expect(created).toHaveLength(MAX_ACTIVE_API_KEYS);
    const refused = attempts.find((a): a is PromiseRejectedResult => a.status === "rejected")!.reason as Error & { code?: string };
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/Revoke one you no longer use/);

    const [first] = await c.caller.apiKeys.find();
    await c.caller.apiKeys.revoke({ id: first!.id });
    await expect(c.caller.apiKeys.create({ name: "replacement" })).resolves.toMatchObject({ apiKey: { name: "replacement" } });
  });
});
