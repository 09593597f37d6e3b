import { describe, expect, it } from "vitest";
import { seed } from "../seed/seed.js";
import { useTestDb } from "../testing/index.js";
import { findCustomerByEmail, getCustomer } from "./customers.js";
import { getMeterByEventName, listMeters, meterEventName } from "./meters.js";
import { getCurrentRate, getPlanByCode, getPlanWithRates, listPublicPlans } from "./plans.js";
import { createUser, findUserByEmail } from "./users.js";

const t = useTestDb();

describe("repositories over seeded data", () => {
  it("list public plans cheapest first with their current rates", async () => {
    await seed(t.db);
    const plans = await listPublicPlans(t.db);
    expect(plans.map((p) => p.code)).toEqual(["starter", "pro", "team"]);
    const starter = plans[0]!;
    expect(starter.rates.map((r) => r.model)).toEqual(["gpt-4o-mini", "meterkit-demo"]);
    for (const rate of plans.flatMap((p) => p.rates)) {
      expect(rate.output_micros_per_mtok).toBeGreaterThan(rate.input_micros_per_mtok);
      expect(rate.cached_input_micros_per_mtok).toBeLessThanOrEqual(rate.input_micros_per_mtok);
    }
  });

  it("find plans by code and id, and the current rate of a model", async () => {
    const pro = await getPlanByCode(t.db, "pro");
    expect(pro?.flush_policy).toBe("immediate");
    const withRates = await getPlanWithRates(t.db, pro!.id);
    expect(withRates?.rates).toHaveLength(4);
    const demo = await getCurrentRate(t.db, pro!.id, "meterkit-demo");
    expect(demo).toMatchObject({ version: 1, input_micros_per_mtok: 1_000_000, output_micros_per_mtok: 4_000_000 });
    expect(await getCurrentRate(t.db, pro!.id, "no-such-model")).toBeUndefined();
    expect(await getPlanWithRates(t.db, "not-a-uuid")).toBeUndefined();
  });

  it("name meters with stable slugs, one per model and token class", async () => {
    expect(meterEventName("gpt-4.1-mini", "cached_input")).toBe("mk_gpt_4_1_mini_cached_input");
    const meters = await listMeters(t.db);
    expect(meters).toHaveLength(4 * 3);
    const meter = await getMeterByEventName(t.db, "mk_gpt_4o_mini_output");
    expect(meter).toMatchObject({ model: "gpt-4o-mini", token_class: "output" });
  });

  it("find customers and users by email, case-insensitively", async () => {
    const customer = await findCustomerByEmail(t.db, "  DEMO@meterkit.dev ");
    expect(customer?.name).toBe("Demo Customer");
    expect(await getCustomer(t.db, customer!.id)).toEqual(customer);
    expect(await getCustomer(t.db, "42")).toBeUndefined();
    const user = await findUserByEmail(t.db, "Demo@Meterkit.dev");
    expect(user).toMatchObject({ role: "customer", customer_id: customer!.id });
  });

  it("create users with normalised emails and refuse duplicates", async () => {
    const customer = await findCustomerByEmail(t.db, "demo@meterkit.dev");
    const user = await createUser(t.db, { email: " New.Person@Example.COM ", password_hash: "x", role: "customer", customer_id: customer!.id });
    expect(user.email).toBe("new.person@example.com");
    await expect(
      createUser(t.db, { email: "new.person@example.com", password_hash: "x", role: "customer", customer_id: customer!.id }),
    ).rejects.toMatchObject({ code: "23505" });
  });
});
