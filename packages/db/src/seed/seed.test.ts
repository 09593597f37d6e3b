import { verify } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "../schema/index.js";
import { useTestDb } from "../testing/index.js";
import { devCredentials, seed } from "./seed.js";

const t = useTestDb();

async function counts(db: Kysely<Database>) {
  const count = async (table: "plans" | "plan_rates" | "meters" | "customers" | "users") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  return {
    plans: await count("plans"),
    rates: await count("plan_rates"),
    meters: await count("meters"),
    customers: await count("customers"),
    users: await count("users"),
  };
}

describe("seed", () => {
  it("creates plans, rates, meters, the demo customer and both users", async () => {
    const result = await seed(t.db);
    expect(Object.keys(result.planIds)).toEqual(["starter", "pro", "team"]);
    expect(await counts(t.db)).toEqual({ plans: 3, rates: 2 + 4 + 4, meters: 12, customers: 1, users: 2 });
    const team = await t.db.selectFrom("plans").selectAll().where("code", "=", "team").executeTakeFirstOrThrow();
    expect(team.hard_cap_micros).toBeGreaterThan(0);
  });

  it("stores verifiable argon2id hashes of the dev passwords", async () => {
    for (const { email, password } of Object.values(devCredentials)) {
      const user = await t.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
      expect(user.password_hash.startsWith("$argon2id$")).toBe(true);
      expect(await verify(user.password_hash, password)).toBe(true);
    }
  });

  it("is idempotent, also when run concurrently, and keeps admin edits", async () => {
    const first = await counts(t.db);
    await t.db.updateTable("plans").set({ name: "Starter (edited)" }).where("code", "=", "starter").execute();
    const [a, b] = await Promise.all([seed(t.db), seed(t.db)]);
    expect(a).toEqual(b);
    expect(await counts(t.db)).toEqual(first);
    const starter = await t.db.selectFrom("plans").select("name").where("code", "=", "starter").executeTakeFirstOrThrow();
    expect(starter.name).toBe("Starter (edited)");
  });
});
