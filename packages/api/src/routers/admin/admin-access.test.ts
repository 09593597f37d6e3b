import { randomUUID } from "node:crypto";
import { useTestDb } from "@meterkit/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../../root";
import { callerAs, rejectionOf, signUpCustomer } from "../../test/actors";

const t = useTestDb();

type Caller = ReturnType<typeof callerAs>;
let customer: Caller;
let apiKeyCaller: Caller;
let anonymous: Caller;

beforeAll(async () => {
  const c = await signUpCustomer(t.db, "not-admin");
  customer = c.caller;
  const key = await c.caller.apiKeys.create({ name: "k" });
  apiKeyCaller = callerAs(t.db, { apiKey: { id: key.apiKey.id, customerId: c.customer.id } });
  anonymous = callerAs(t.db);
});

/** One representative call per admin router, with valid input, so only the role can fail it. */
const perRouter: Record<string, (c: Caller) => Promise<unknown>> = {
  overview: (c) => c.admin.overview.get(),
  plans: (c) =>
    c.admin.plans.create({
      code: "sneaky",
      name: "Sneaky",
      baseFeeMicros: 0,
      tokensPerMinute: 1,
      requestsPerMinute: 1,
      rates: [{ model: "gpt-4o-mini", inputMicrosPerMtok: 0, cachedInputMicrosPerMtok: 0, outputMicrosPerMtok: 0 }],
    }),
  customers: (c) => c.admin.customers.suspend({ id: randomUUID(), reason: "takeover" }),
  reconciliation: (c) => c.admin.reconciliation.findRuns(),
  outbox: (c) => c.admin.outbox.discard({ id: randomUUID(), reason: "hide usage" }),
  audit: (c) => c.admin.audit.find(),
  account: (c) => c.admin.account.changePassword({ currentPassword: "correct horse battery", newPassword: "a takeover password", confirmPassword: "a takeover password" }),
};

describe("admin procedures refuse everyone but admins", () => {
  for (const [name, call] of Object.entries(perRouter)) {
    it(`admin.${name}: customer session FORBIDDEN, API key and anonymous UNAUTHORIZED`, async () => {
      expect((await rejectionOf(call(customer))).code).toBe("FORBIDDEN");
      expect((await rejectionOf(call(apiKeyCaller))).code).toBe("UNAUTHORIZED");
      expect((await rejectionOf(call(anonymous))).code).toBe("UNAUTHORIZED");
    });
  }

  it("every admin.* procedure checks the role before looking at its input", async () => {
    const paths = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("admin."));
    expect(paths.length).toBeGreaterThanOrEqual(20);
    for (const path of paths) {
      const procedure = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], customer);
      const error = await rejectionOf((procedure as (input: unknown) => Promise<unknown>)(undefined));
      expect({ path, code: error.code }).toEqual({ path, code: "FORBIDDEN" });
    }
    expect(await t.db.selectFrom("audit_log").select("id").execute()).toEqual([]);
    expect(await t.db.selectFrom("plans").select("id").execute()).toEqual([]);
  });
});
