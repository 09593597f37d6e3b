import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { UnsafeIntegerError } from "./client.js";
import { insertUsageEvent } from "./repositories/usage-events.js";
import { insertTestCustomer, usageEventFixture, useTestDb } from "./testing/index.js";

const t = useTestDb();
let customerId: string;

beforeAll(async () => {
  customerId = await insertTestCustomer(t.db);
});

/** Runs a statement and returns the Postgres error it raised. */
async function pgError(run: () => Promise<unknown>): Promise<{ code?: string; message: string; constraint?: string }> {
  try {
    await run();
  } catch (error) {
    return error as { code?: string; message: string; constraint?: string };
  }
  throw new Error("expected the statement to be rejected");
}

describe("usage_events is append-only", () => {
  it("rejects UPDATE with a clear message", async () => {
    const { event } = await insertUsageEvent(t.db, usageEventFixture(customerId));
    const error = await pgError(() => sql`update usage_events set cost_micros = 0 where id = ${event.id}`.execute(t.db));
    expect(error.message).toBe("usage_events is an append-only ledger: UPDATE is not allowed");
    expect(error.code).toBe("23001");
  });

  it("rejects DELETE and TRUNCATE", async () => {
    const { event } = await insertUsageEvent(t.db, usageEventFixture(customerId));
    const del = await pgError(() => sql`delete from usage_events where id = ${event.id}`.execute(t.db));
    expect(del.message).toContain("DELETE is not allowed");
    const truncate = await pgError(() => sql`truncate usage_events cascade`.execute(t.db));
    expect(truncate.message).toContain("TRUNCATE is not allowed");
    const still = await t.db.selectFrom("usage_events").select("id").where("id", "=", event.id).executeTakeFirst();
    expect(still?.id).toBe(event.id);
  });

  it("is idempotent on request_id: a retried write returns the first event", async () => {
    const fixture = usageEventFixture(customerId);
    const first = await insertUsageEvent(t.db, fixture);
    const retry = await insertUsageEvent(t.db, { ...fixture, cost_micros: 999 });
    expect(first.inserted).toBe(true);
    expect(retry).toEqual({ event: first.event, inserted: false });
  });

  it("holds one event per request_id at the database level: a plain second insert adds nothing", async () => {
    const fixture = usageEventFixture(customerId);
    await t.db.insertInto("usage_events").values(fixture).execute();
    const again = await t.db.insertInto("usage_events").values({ ...fixture, cost_micros: 1 }).returning("id").execute();
    expect(again).toEqual([]);
    const rows = await t.db.selectFrom("usage_events").select("cost_micros").where("request_id", "=", fixture.request_id).execute();
    expect(rows).toEqual([{ cost_micros: fixture.cost_micros }]);
    // The key itself is unique: registering a request twice by hand fails.
    const error = await pgError(() => sql`insert into usage_event_keys (id, request_id) values (gen_random_uuid(), ${fixture.request_id})`.execute(t.db));
    expect(error.code).toBe("23505");
  });
});

describe("usage_events checks", () => {
  it.each(["prompt_tokens_sent", "completion_tokens", "billed_output_tokens", "cost_micros", "reasoning_tokens"] as const)(
    "rejects a negative %s on a usage event",
    async (column) => {
      const error = await pgError(() => t.db.insertInto("usage_events").values(usageEventFixture(customerId, { [column]: -1 })).execute());
      expect(error.code).toBe("23514");
      expect(error.constraint).toBe("usage_events_usage_counts_nonnegative");
    },
  );

  it("allows negative counts on an adjustment", async () => {
    const adjustment = usageEventFixture(customerId, { kind: "adjustment", status: "adjustment", completion_tokens: -5, billed_output_tokens: -5, cost_micros: -20 });
    const { inserted } = await insertUsageEvent(t.db, adjustment);
    expect(inserted).toBe(true);
  });

  it("rejects an unknown status, and the adjustment status on a usage event", async () => {
    const unknown = await pgError(() => sql`insert into usage_events (request_id, customer_id, model, kind, status, prompt_tokens_sent, prompt_tokens_effective, completion_tokens, billed_input_tokens, billed_output_tokens, cost_micros, count_source, started_at, occurred_at) values ('r-bad', ${customerId}, 'm', 'usage', 'done', 0, 0, 0, 0, 0, 0, 'local', now(), now())`.execute(t.db));
    expect(unknown.code).toBe("23514");
    const mismatched = await pgError(() => t.db.insertInto("usage_events").values(usageEventFixture(customerId, { status: "adjustment" })).execute());
    expect(mismatched.constraint).toBe("usage_events_status_matches_kind");
  });
});

describe("status checks on other tables", () => {
  it("rejects unknown enum values", async () => {
    const customer = await pgError(() => sql`update customers set subscription_status = 'paused' where id = ${customerId}`.execute(t.db));
    expect(customer.code).toBe("23514");
    const meter = await t.db.insertInto("meters").values({ model: "m", token_class: "input", event_name: "mk_m_input" }).returning("id").executeTakeFirstOrThrow();
    const report = await pgError(() => sql`insert into meter_reports (identifier, customer_id, meter_id, value, status) values ('x', ${customerId}, ${meter.id}, 1, 'lost')`.execute(t.db));
    expect(report.code).toBe("23514");
    const reservation = await pgError(() => sql`insert into reservations (customer_id, request_id, amount_micros, status, expires_at) values (${customerId}, 'r', 1, 'open', now())`.execute(t.db));
    expect(reservation.code).toBe("23514");
  });

  it("requires lower-case user emails and admins without a customer", async () => {
    const upper = await pgError(() => sql`insert into users (email, password_hash, role) values ('Admin@X.dev', 'h', 'admin')`.execute(t.db));
    expect(upper.code).toBe("23514");
    const adminWithCustomer = await pgError(() => t.db.insertInto("users").values({ email: "a@x.dev", password_hash: "h", role: "admin", customer_id: customerId }).execute());
    expect(adminWithCustomer.code).toBe("23514");
    const orphanCustomerUser = await pgError(() => t.db.insertInto("users").values({ email: "c@x.dev", password_hash: "h", role: "customer" }).execute());
    expect(orphanCustomerUser.code).toBe("23514");
  });

  it("allows one current rate per plan and model", async () => {
    const plan = await t.db.insertInto("plans").values({ code: "p1", name: "P", tokens_per_minute: 1, requests_per_minute: 1 }).returning("id").executeTakeFirstOrThrow();
    const rate = { plan_id: plan.id, model: "m", input_micros_per_mtok: 1, cached_input_micros_per_mtok: 1, output_micros_per_mtok: 2 };
    await t.db.insertInto("plan_rates").values({ ...rate, version: 1 }).execute();
    const second = await pgError(() => t.db.insertInto("plan_rates").values({ ...rate, version: 2 }).execute());
    expect(second.constraint).toBe("plan_rates_current_idx");
  });
});

describe("meter_report_items", () => {
  it("covers a usage event at most once per meter", async () => {
    const { event } = await insertUsageEvent(t.db, usageEventFixture(customerId));
    const meter = await t.db.insertInto("meters").values({ model: "m2", token_class: "output", event_name: "mk_m2_output" }).returning("id").executeTakeFirstOrThrow();
    const report = (id: string) => ({ identifier: id, customer_id: customerId, meter_id: meter.id, value: 30 });
    const r1 = await t.db.insertInto("meter_reports").values(report("mr_1")).returning("id").executeTakeFirstOrThrow();
    const r2 = await t.db.insertInto("meter_reports").values(report("mr_2")).returning("id").executeTakeFirstOrThrow();
    await t.db.insertInto("meter_report_items").values({ report_id: r1.id, usage_event_id: event.id, meter_id: meter.id, value: 30 }).execute();
    const twice = await pgError(() => t.db.insertInto("meter_report_items").values({ report_id: r2.id, usage_event_id: event.id, meter_id: meter.id, value: 30 }).execute());
    expect(twice.code).toBe("23505");
  });
});

describe("int8 columns", () => {
  it("read as exact JavaScript numbers", async () => {
    const big = 9_000_000_000_000; // 9 million USD in micros
    const { event } = await insertUsageEvent(t.db, usageEventFixture(customerId, { cost_micros: big }));
    expect(event.cost_micros).toBe(big);
    const { n } = await t.db.selectFrom("usage_events").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    expect(typeof n).toBe("number");
  });

  it("refuse to round a value beyond 2^53 instead of returning a wrong number", async () => {
    await expect(sql`select 9007199254740993::bigint as v`.execute(t.db)).rejects.toThrow(UnsafeIntegerError);
  });
});
