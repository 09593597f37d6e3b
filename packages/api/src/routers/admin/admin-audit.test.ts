import { randomUUID } from "node:crypto";
import { useTestDb } from "@meterkit/db/testing";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { fieldErrorsOf } from "../../errors";
import { createAdmin, rejectionOf, signUpCustomer } from "../../test/actors";
import { seedPlan, seedUsage, testModel } from "../../test/ledger";

const t = useTestDb();
let admin: Awaited<ReturnType<typeof createAdmin>>;

beforeAll(async () => {
  admin = await createAdmin(t.db);
});

async function auditRows(targetId: string) {
  return t.db.selectFrom("audit_log").selectAll().where("target_id", "=", targetId).orderBy("created_at").orderBy("id").execute();
}

const rate = (model: string, input: number) => ({ model, inputMicrosPerMtok: input, cachedInputMicrosPerMtok: Math.floor(input / 2), outputMicrosPerMtok: input * 4 });

describe("plans", () => {
  it("create, update (new rate version), archive: each writes an audit row with before/after", async () => {
    const created = await admin.caller.admin.plans.create({
      code: "pro",
      name: "Pro",
      baseFeeMicros: 20_000_000,
      tokensPerMinute: 50_000,
      requestsPerMinute: 60,
      isPublic: true,
      rates: [rate(testModel, 150_000)],
    });
    expect(created.stripeSync).toEqual({ status: "skipped", reason: "No Stripe client is configured." });
    const planId = created.plan.id;

    const updated = await admin.caller.admin.plans.update({ id: planId, name: "Pro 2", rates: [rate(testModel, 200_000), rate("gpt-4o", 2_500_000)] });
    expect(updated.plan.rates.map((r) => [r.model, r.version, r.inputMicrosPerMtok])).toEqual([
      ["gpt-4o", 1, 2_500_000],
      [testModel, 2, 200_000],
    ]);
    const history = await t.db.selectFrom("plan_rates").select(["version", "superseded_at"]).where("plan_id", "=", planId).where("model", "=", testModel).orderBy("version").execute();
    expect(history[0]?.superseded_at).not.toBeNull();
    expect(history[1]?.superseded_at).toBeNull();

    await admin.caller.admin.plans.archive({ id: planId });
    expect(await admin.caller.plans.find()).toEqual([]);

    const rows = await auditRows(planId);
    expect(rows.map((r) => r.action)).toEqual(["plan.create", "plan.update", "plan.archive"]);
    expect(rows.every((r) => r.actor_user_id === admin.user.id)).toBe(true);
    expect(rows[1]?.before).toMatchObject({ name: "Pro" });
    expect(rows[1]?.after).toMatchObject({ name: "Pro 2" });
    expect(rows[2]?.after).toMatchObject({ isPublic: false });
  });

  it("a taken plan code is a field error and writes nothing", async () => {
    await admin.caller.admin.plans.create({ code: "dup", name: "A", baseFeeMicros: 0, tokensPerMinute: 1, requestsPerMinute: 1, rates: [rate(testModel, 1)] });
    const before = await t.db.selectFrom("audit_log").select("id").execute();
    const error = await rejectionOf(
      admin.caller.admin.plans.create({ code: "dup", name: "B", baseFeeMicros: 0, tokensPerMinute: 1, requestsPerMinute: 1, rates: [rate(testModel, 1)] }),
    );
    expect(error.code).toBe("CONFLICT");
    expect((await t.db.selectFrom("audit_log").select("id").execute()).length).toBe(before.length);
  });
});

describe("plan limits", () => {
  it("a limit beyond what the column holds is a field error that says the maximum, and writes nothing", async () => {
    const before = await t.db.selectFrom("audit_log").select("id").execute();
    const created = await rejectionOf(
      admin.caller.admin.plans.create({ code: "huge", name: "Huge", baseFeeMicros: 0, tokensPerMinute: 3_000_000_000, requestsPerMinute: 1, rates: [rate(testModel, 1)] }),
    );
    expect(created.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(created)?.tokensPerMinute?.[0]).toContain("at most 2,147,483,647");
    const plan = await seedPlan(t.db);
    const updated = await rejectionOf(admin.caller.admin.plans.update({ id: plan.id, requestsPerMinute: 3_000_000_000 }));
    expect(updated.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(updated)?.requestsPerMinute?.[0]).toContain("at most 2,147,483,647");
    expect((await t.db.selectFrom("audit_log").select("id").execute()).length).toBe(before.length);
  });
});

describe("customers", () => {
  it("suspend and resume are audited; an unknown customer is NOT_FOUND with no audit row", async () => {
    const c = await signUpCustomer(t.db, "suspend-me");
    const suspended = await admin.caller.admin.customers.suspend({ id: c.customer.id, reason: "card fraud" });
    expect(suspended.suspendedAt).not.toBeNull();
    expect((await c.caller.account.getSubscription()).suspended).toBe(true);
    await admin.caller.admin.customers.resume({ id: c.customer.id, reason: "cleared" });
    const rows = await auditRows(c.customer.id);
    expect(rows.map((r) => r.action)).toEqual(["customer.suspend", "customer.resume"]);
    expect(rows[0]?.after).toMatchObject({ reason: "card fraud" });

    const ghost = randomUUID();
    expect((await rejectionOf(admin.caller.admin.customers.suspend({ id: ghost, reason: "nobody" }))).code).toBe("NOT_FOUND");
    expect(await auditRows(ghost)).toEqual([]);
  });

  it("grantCredit and adjustUsage add ledger events (idempotently) with audit rows", async () => {
    const plan = await seedPlan(t.db);
    const c = await signUpCustomer(t.db, "credit-me");
    await t.db.updateTable("customers").set({ plan_id: plan.id }).where("id", "=", c.customer.id).execute();

    const key = randomUUID();
    const credit = await admin.caller.admin.customers.grantCredit({ customerId: c.customer.id, amountMicros: 5_000_000, note: "outage refund", idempotencyKey: key });
    expect(credit).toMatchObject({ created: true, costMicros: -5_000_000 });
    const again = await admin.caller.admin.customers.grantCredit({ customerId: c.customer.id, amountMicros: 5_000_000, note: "outage refund", idempotencyKey: key });
    expect(again).toMatchObject({ created: false, usageEventId: credit.usageEventId });

    const adjust = await admin.caller.admin.customers.adjustUsage({
      customerId: c.customer.id,
      model: testModel,
      inputTokens: -1_000_000,
      outputTokens: -500_000,
      note: "double-counted stream",
    });
    // Takes back 1M input at 150_000/M and 0.5M output at 600_000/M.
    expect(adjust.costMicros).toBe(-150_000 - 300_000);
    const mixed = await rejectionOf(
      admin.caller.admin.customers.adjustUsage({ customerId: c.customer.id, model: testModel, inputTokens: 5, outputTokens: -5, note: "mixed" }),
    );
    expect(mixed.code).toBe("BAD_REQUEST");

    const summary = await c.caller.usage.getSummary();
    expect(summary.creditMicros).toBe(-5_000_000);
    expect(summary.usageMicros).toBe(-450_000);
    const rows = await auditRows(c.customer.id);
    expect(rows.map((r) => r.action)).toEqual(["customer.grant_credit", "customer.adjust_usage"]);
  });

  it("a credit is whole cents, is listed with its way to Stripe, and only a dead one can be retried", async () => {
    const c = await signUpCustomer(t.db, "credit-cents");
    const fraction = await rejectionOf(admin.caller.admin.customers.grantCredit({ customerId: c.customer.id, amountMicros: 1_234_567, note: "a fraction" }));
    expect(fraction.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(fraction)?.amountMicros?.[0]).toMatch(/whole cents/);
    expect(await t.db.selectFrom("usage_events").select("id").where("customer_id", "=", c.customer.id).execute()).toEqual([]);

    await admin.caller.admin.customers.grantCredit({ customerId: c.customer.id, amountMicros: 1_230_000, note: "goodwill" });
    const plan = await seedPlan(t.db, { code: "credit-cents-plan" });
    await seedUsage(t.db, c.customer.id, plan.id, { input: 10, output: 5, cost: 40 });
    const detail = await admin.caller.admin.customers.get({ id: c.customer.id });
    // Usage not in the outbox yet is counted (the credit carries no tokens, so it is not).
    expect(detail.unreportedEvents).toBe(1);
    const [credit] = detail.credits;
    expect(credit).toMatchObject({ amountCents: -123, currency: "usd", description: "goodwill", status: "pending", stripeTransactionId: null });

    const notDead = await rejectionOf(admin.caller.admin.customers.retryCredit({ customerId: c.customer.id, transferId: credit!.id, reason: "again" }));
    expect(notDead.code).toBe("CONFLICT");
    await t.db.updateTable("credit_transfers").set({ status: "dead", last_error: "404 resource_missing" }).where("id", "=", credit!.id).execute();
    // Another customer's id with this transfer: not found, as if it did not exist.
    const other = await signUpCustomer(t.db, "credit-other");
    expect((await rejectionOf(admin.caller.admin.customers.retryCredit({ customerId: other.customer.id, transferId: credit!.id, reason: "wrong customer" }))).code).toBe("NOT_FOUND");
    expect(await admin.caller.admin.customers.retryCredit({ customerId: c.customer.id, transferId: credit!.id, reason: "customer restored" })).toEqual({ transferId: credit!.id, status: "failed" });
    expect((await auditRows(c.customer.id)).map((r) => r.action)).toEqual(["customer.grant_credit", "customer.retry_credit"]);
  });

  it("changePlan without a Stripe subscription switches the plan locally, audited", async () => {
    const from = await seedPlan(t.db, { code: "from-plan" });
    const to = await seedPlan(t.db, { code: "to-plan" });
    const c = await signUpCustomer(t.db, "mover");
    await t.db.updateTable("customers").set({ plan_id: from.id }).where("id", "=", c.customer.id).execute();
    const result = await admin.caller.admin.customers.changePlan({ customerId: c.customer.id, planCode: "to-plan", reason: "upgrade request" });
    expect(result.stripe).toBe("no_subscription");
    expect(result.customer.plan?.code).toBe("to-plan");
    const [row] = await auditRows(c.customer.id);
    expect(row?.action).toBe("customer.change_plan");
    expect(row?.before).toMatchObject({ plan: { id: from.id } });
    expect(row?.after).toMatchObject({ plan: { id: to.id } });
  });
});

describe("outbox", () => {
  async function deadReport(customerId: string) {
    const meter =
      (await t.db.selectFrom("meters").select("id").where("event_name", "=", "mk_test_input").executeTakeFirst()) ??
      (await t.db.insertInto("meters").values({ model: testModel, token_class: "input", event_name: "mk_test_input" }).returning("id").executeTakeFirstOrThrow());
    return t.db
      .insertInto("meter_reports")
      .values({ identifier: `mr_${randomUUID()}`, customer_id: customerId, meter_id: meter.id, value: 42, status: "dead", attempts: 8, last_error: "gave up" })
      .returning("id")
      .executeTakeFirstOrThrow();
  }

  it("lists dead reports, retries one and discards another with a reason, each audited", async () => {
    const c = await signUpCustomer(t.db, "outbox");
    const first = await deadReport(c.customer.id);
    const second = await deadReport(c.customer.id);
    const listed = await admin.caller.admin.outbox.find({ status: "dead" });
    expect(listed.map((r) => r.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(listed[0]).toMatchObject({ lastError: "gave up", attempts: 8 });

    const retried = await admin.caller.admin.outbox.retry({ id: first.id });
    expect(retried).toMatchObject({ status: "failed", attempts: 0 });
    const discarded = await admin.caller.admin.outbox.discard({ id: second.id, reason: "customer deleted upstream" });
    expect(discarded).toMatchObject({ status: "discarded", discardReason: "customer deleted upstream" });

    expect((await rejectionOf(admin.caller.admin.outbox.discard({ id: randomUUID(), reason: "no such report" }))).code).toBe("NOT_FOUND");
    await t.db.updateTable("meter_reports").set({ status: "sent", sent_at: new Date() }).where("id", "=", first.id).execute();
    expect((await rejectionOf(admin.caller.admin.outbox.discard({ id: first.id, reason: "already sent" }))).code).toBe("CONFLICT");
    expect((await auditRows(first.id)).map((r) => r.action)).toEqual(["outbox.retry"]);
    expect((await auditRows(second.id)).map((r) => r.action)).toEqual(["outbox.discard"]);
  });

  it("lists sent reports newest first, so a limit keeps the latest", async () => {
    const c = await signUpCustomer(t.db, "outbox-sent");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const report = await deadReport(c.customer.id);
      await sql`UPDATE meter_reports SET status = 'sent', sent_at = now(), created_at = now() + make_interval(secs => ${i}) WHERE id = ${report.id}`.execute(t.db);
      ids.push(report.id);
    }
    const listed = await admin.caller.admin.outbox.find({ status: "sent", customerId: c.customer.id, limit: 2 });
    expect(listed.map((r) => r.id)).toEqual([ids[2], ids[1]]);
  });
});

describe("audit log search", () => {
  it("finds entries by action prefix, newest first, with the actor's email", async () => {
    const page = await admin.caller.admin.audit.find({ action: "customer.", limit: 100 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((i) => i.action.startsWith("customer."))).toBe(true);
    expect(page.items[0]?.actorEmail).toBe(admin.user.email);
    const times = page.items.map((i) => i.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });
});

describe("paging", () => {
  it("pages through rows written in one transaction (one timestamp) without skipping or repeating any", async () => {
    // Rows of one transaction share created_at to the microsecond; a cursor kept to the
    // millisecond skipped the rows of the same millisecond as a page's last one.
    const rows = Array.from({ length: 30 }, (_, i) => ({ action: "paging.test", target_type: "test", target_id: String(i) }));
    await t.db.insertInto("audit_log").values(rows).execute();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof admin.caller.admin.audit.find>> = await admin.caller.admin.audit.find({ action: "paging.", limit: 7, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });
});

describe("plan validation", () => {
  it("names every bad field, including models missing from the catalog", async () => {
    const error = await rejectionOf(
      admin.caller.admin.plans.create({
        code: "Bad Code",
        name: "",
        baseFeeMicros: -1,
        tokensPerMinute: 0,
        requestsPerMinute: 1,
        rates: [{ model: "gpt-imaginary", inputMicrosPerMtok: 1, cachedInputMicrosPerMtok: 1, outputMicrosPerMtok: 1.5 }],
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    const fields = fieldErrorsOf(error) ?? {};
    expect(Object.keys(fields).sort()).toEqual(["baseFeeMicros", "code", "name", "rates.0.model", "rates.0.outputMicrosPerMtok", "tokensPerMinute"]);
    expect(fields["rates.0.model"]?.[0]).toMatch(/^Unknown model\. Known models: .*gpt-4o-mini/);
  });
});
