import { hash } from "@node-rs/argon2";
import { sql } from "kysely";
import type { Kysely } from "kysely";
import { ensureMeter } from "../repositories/meters.js";
import { normaliseEmail } from "../repositories/users.js";
import { tokenClasses, type Database, type UserRole } from "../schema/index.js";
import { demoPlans, type DemoPlan } from "./demo-plans.js";

/** Development-only logins printed by the start command. Never use these in production. */
export const devCredentials = {
  demo: { email: "demo@meterkit.dev", password: "demo-password" },
  admin: { email: "admin@meterkit.dev", password: "admin-password" },
} as const;

export interface SeedResult {
  planIds: Record<string, string>;
  demoCustomerId: string;
  demoUserId: string;
  adminUserId: string;
  credentials: typeof devCredentials;
}

const SEED_LOCK_KEY = 7_391_120_032;

async function seedPlan(trx: Kysely<Database>, { plan, rates }: DemoPlan): Promise<string> {
  await trx.insertInto("plans").values(plan).onConflict((oc) => oc.column("code").doNothing()).execute();
  const { id } = await trx.selectFrom("plans").select("id").where("code", "=", plan.code).executeTakeFirstOrThrow();
  for (const rate of rates) {
    // Version 1 only when the plan has no rate for the model yet; later edits are the admin's.
    await trx
      .insertInto("plan_rates")
      .values({
        plan_id: id,
        model: rate.model,
        version: 1,
        input_micros_per_mtok: rate.input,
        cached_input_micros_per_mtok: rate.cachedInput,
        output_micros_per_mtok: rate.output,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    for (const tokenClass of tokenClasses) await ensureMeter(trx, rate.model, tokenClass);
  }
  return id;
}

async function seedUser(trx: Kysely<Database>, email: string, password: string, role: UserRole, customerId: string | null): Promise<string> {
  const existing = await trx.selectFrom("users").select("id").where("email", "=", normaliseEmail(email)).executeTakeFirst();
  if (existing) return existing.id;
  const password_hash = await hash(password);
  const user = await trx
    .insertInto("users")
    .values({ email: normaliseEmail(email), password_hash, role, customer_id: customerId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return user.id;
}

async function seedDemoCustomer(trx: Kysely<Database>): Promise<string> {
  const email = devCredentials.demo.email;
  const existing = await trx.selectFrom("customers").select("id").where("email", "=", email).orderBy("created_at").executeTakeFirst();
  if (existing) return existing.id;
  const created = await trx.insertInto("customers").values({ name: "Demo Customer", email }).returning("id").executeTakeFirstOrThrow();
  return created.id;
}

/**
 * Demo plans with rates and their meters, a demo customer with a user, and an admin user.
 * Idempotent: existing rows (matched by plan code, meter event name, email) are left as they
 * are, so re-running never undoes edits made in the admin portal. One transaction under an
 * advisory lock, so two processes seeding at once cannot create duplicates.
 */
export async function seed(db: Kysely<Database>): Promise<SeedResult> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`.execute(trx);
    const planIds: Record<string, string> = {};
    for (const demoPlan of demoPlans) planIds[demoPlan.plan.code] = await seedPlan(trx, demoPlan);
    const demoCustomerId = await seedDemoCustomer(trx);
    const { demo, admin } = devCredentials;
    const demoUserId = await seedUser(trx, demo.email, demo.password, "customer", demoCustomerId);
    const adminUserId = await seedUser(trx, admin.email, admin.password, "admin", null);
    return { planIds, demoCustomerId, demoUserId, adminUserId, credentials: devCredentials };
  });
}
