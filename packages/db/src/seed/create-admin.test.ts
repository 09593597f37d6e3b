import { verify } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { useTestDb } from "../testing/index.js";
import { CreateAdminError, createOrResetAdmin, generatePassword } from "./create-admin.js";

const t = useTestDb();

describe("createOrResetAdmin", () => {
  it("creates an admin whose password verifies, and stores no plain text", async () => {
    const password = generatePassword();
    expect(password).toHaveLength(24);
    const outcome = await createOrResetAdmin(t.db, { email: "  Ops@Example.com ", password });
    expect(outcome.created).toBe(true);
    const user = await t.db.selectFrom("users").selectAll().where("id", "=", outcome.userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email: "ops@example.com", role: "admin", customer_id: null });
    expect(await verify(user.password_hash, password)).toBe(true);
    expect(JSON.stringify(user)).not.toContain(password);
  });

  it("gives an existing admin a new password and ends their sessions", async () => {
    const first = await createOrResetAdmin(t.db, { email: "lost@example.com", password: "the old password" });
    await t.db.insertInto("sessions").values({ user_id: first.userId, expires_at: new Date(Date.now() + 3_600_000) }).execute();
    const again = await createOrResetAdmin(t.db, { email: "lost@example.com", password: "the new password" });
    expect(again).toEqual({ userId: first.userId, created: false });
    const user = await t.db.selectFrom("users").select("password_hash").where("id", "=", first.userId).executeTakeFirstOrThrow();
    expect(await verify(user.password_hash, "the new password")).toBe(true);
    expect(await verify(user.password_hash, "the old password")).toBe(false);
    expect(await t.db.selectFrom("sessions").select("id").where("user_id", "=", first.userId).execute()).toEqual([]);
  });

  it("refuses a customer's email, a malformed email and a short password, changing nothing", async () => {
    const customer = await t.db.insertInto("customers").values({ name: "C", email: "c@example.com" }).returning("id").executeTakeFirstOrThrow();
    await t.db.insertInto("users").values({ email: "user@example.com", password_hash: "x", role: "customer", customer_id: customer.id } as never).execute();
    await expect(createOrResetAdmin(t.db, { email: "user@example.com", password: "long enough password" })).rejects.toThrow(CreateAdminError);
    for (const bad of ["not an email", "ops@corp.x", "a..b@example.com"]) {
      await expect(createOrResetAdmin(t.db, { email: bad, password: "long enough password" })).rejects.toThrow(/not an email/);
    }
    await expect(createOrResetAdmin(t.db, { email: "new@example.com", password: "short" })).rejects.toThrow(/10 to 200/);
    const user = await t.db.selectFrom("users").select(["role", "password_hash"]).where("email", "=", "user@example.com").executeTakeFirstOrThrow();
    expect(user).toEqual({ role: "customer", password_hash: "x" });
    expect(await t.db.selectFrom("users").select("id").where("email", "=", "new@example.com").execute()).toEqual([]);
  });
});
