import { useTestDb } from "@meterkit/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { rejectionOf, signUpCustomer } from "../../test/actors";
import { seedPlan, seedUsage, testModel } from "../../test/ledger";

const t = useTestDb();
let c: Awaited<ReturnType<typeof signUpCustomer>>;

beforeAll(async () => {
  const plan = await seedPlan(t.db);
  c = await signUpCustomer(t.db, "usage");
  await t.db.updateTable("customers").set({ plan_id: plan.id }).where("id", "=", c.customer.id).execute();
  // Costs as billing computes them: input 150_000/M, cached 75_000/M, output 600_000/M.
  await seedUsage(t.db, c.customer.id, plan.id, { input: 1_000_000, cached: 200_000, output: 100_000, cost: 150_000 + 15_000 + 60_000 });
  await seedUsage(t.db, c.customer.id, plan.id, { input: 2_000, output: 1_000, cost: 300 + 600 });
});

describe("usage", () => {
  it("summarises the period by model and token class, with the exact ledger cost", async () => {
    const summary = await c.caller.usage.getSummary();
    expect(summary.totalMicros).toBe(225_000 + 900);
    expect(summary.models).toHaveLength(1);
    const model = summary.models[0]!;
    expect(model).toMatchObject({ model: testModel, events: 2, costMicros: 225_900 });
    expect(model.classes).toEqual([
      { tokenClass: "input", tokens: 1_002_000, costMicros: 150_300 },
      { tokenClass: "cached_input", tokens: 200_000, costMicros: 15_000 },
      { tokenClass: "output", tokens: 101_000, costMicros: 60_600 },
    ]);
    const start = new Date(summary.periodStart);
    expect(start.getUTCDate()).toBe(1);
  });

  it("lists events newest first with cursor paging", async () => {
    const first = await c.caller.usage.findEvents({ limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await c.caller.usage.findEvents({ limit: 1, cursor: first.nextCursor });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
    expect((await rejectionOf(c.caller.usage.findEvents({ limit: 1, cursor: "garbage" }))).code).toBe("BAD_REQUEST");
    // Well-formed, but edited: its id is not a uuid, which Postgres would refuse with a 500.
    const edited = Buffer.from(JSON.stringify([new Date().toISOString(), "not-a-uuid"])).toString("base64url");
    expect((await rejectionOf(c.caller.usage.findEvents({ limit: 1, cursor: edited }))).code).toBe("BAD_REQUEST");
    expect((await rejectionOf(c.caller.conversations.find({ limit: 1, cursor: edited }))).code).toBe("BAD_REQUEST");
    // A date JavaScript takes and Postgres does not.
    const ancient = Buffer.from(JSON.stringify(["-100000-01-01T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"])).toString("base64url");
    expect((await rejectionOf(c.caller.conversations.find({ limit: 1, cursor: ancient }))).code).toBe("BAD_REQUEST");
  });

  it("gives a daily series and a CSV export", async () => {
    const daily = await c.caller.usage.findDaily({ days: 7 });
    expect(daily.days).toHaveLength(1);
    expect(daily.days[0]).toMatchObject({ model: testModel, inputTokens: 1_002_000, outputTokens: 101_000, costMicros: 225_900, events: 2 });
    const exported = await c.caller.usage.exportCsv();
    const lines = exported.csv.trim().split("\r\n");
    expect(lines[0]).toMatch(/^occurred_at,request_id,kind,status,model,/);
    expect(lines).toHaveLength(3);
    expect(exported).toMatchObject({ rows: 2, truncated: false });
    expect(exported.filename).toMatch(/^usage-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it("rejects out-of-range input with field messages", async () => {
    const error = await rejectionOf(c.caller.usage.findDaily({ days: 400 }));
    expect(error.code).toBe("BAD_REQUEST");
  });
});
