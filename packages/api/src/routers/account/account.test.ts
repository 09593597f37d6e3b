import { useTestDb } from "@meterkit/db/testing";
import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "../../errors";
import { rejectionOf, signUpCustomer } from "../../test/actors";

const t = useTestDb();

describe("account", () => {
  it("returns the signed-in user and customer, and a 'none' subscription after sign-up", async () => {
    const c = await signUpCustomer(t.db, "me");
    const me = await c.caller.account.get();
    expect(me.user).toEqual({ id: c.user.id, email: c.user.email });
    expect(me.customer).toMatchObject({ id: c.customer.id, monthlyBudgetMicros: null, suspended: false });
    const sub = await c.caller.account.getSubscription();
    expect(sub).toMatchObject({ status: "none", canUseModels: false, plan: null, hasStripeCustomer: false });
  });

  it("sets and clears the monthly budget, and explains bad values per field", async () => {
    const c = await signUpCustomer(t.db, "budget");
    await c.caller.account.updateBudget({ monthlyBudgetMicros: 25_000_000 });
    expect((await c.caller.account.get()).customer.monthlyBudgetMicros).toBe(25_000_000);
    await c.caller.account.updateBudget({ monthlyBudgetMicros: null });
    expect((await c.caller.account.get()).customer.monthlyBudgetMicros).toBeNull();

    for (const [value, message] of [
      [-1, "The budget cannot be negative."],
      [1.5, "The budget must be a whole number of micro-dollars."],
    ] as const) {
      const error = await rejectionOf(c.caller.account.updateBudget({ monthlyBudgetMicros: value }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(fieldErrorsOf(error)).toEqual({ monthlyBudgetMicros: [message] });
    }
  });
});
