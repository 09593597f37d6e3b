import { randomUUID } from "node:crypto";
import { useTestDb } from "@meterkit/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { callerAs, createAdmin, rejectionOf, signUpCustomer } from "../test/actors";
import { seedPlan, seedUsage, testModel } from "../test/ledger";

const t = useTestDb();

/** Two customers; B owns a conversation, an API key and usage that A must never see or touch. */
let a: Awaited<ReturnType<typeof signUpCustomer>>;
let b: Awaited<ReturnType<typeof signUpCustomer>>;
let bConversationId: string;
let bKeyId: string;
let bRequestId: string;

beforeAll(async () => {
  const plan = await seedPlan(t.db);
  a = await signUpCustomer(t.db, "tenant-a");
  b = await signUpCustomer(t.db, "tenant-b");
  await t.db.updateTable("customers").set({ plan_id: plan.id }).execute();
  bConversationId = (await b.caller.conversations.create({ model: testModel, title: "B's secret plans" })).id;
  bKeyId = (await b.caller.apiKeys.create({ name: "B production" })).apiKey.id;
  await seedUsage(t.db, b.customer.id, plan.id, { input: 1000, output: 500, cost: 450 });
  const event = await t.db.selectFrom("usage_events").select("request_id").where("customer_id", "=", b.customer.id).executeTakeFirstOrThrow();
  bRequestId = event.request_id;
});

describe("a customer cannot reach another customer's data", () => {
  it("conversations: B's id is not found for A on get, rename and delete; A's list is empty", async () => {
    expect((await rejectionOf(a.caller.conversations.get({ id: bConversationId }))).code).toBe("NOT_FOUND");
    expect((await rejectionOf(a.caller.conversations.update({ id: bConversationId, title: "mine now" }))).code).toBe("NOT_FOUND");
    expect((await rejectionOf(a.caller.conversations.delete({ id: bConversationId }))).code).toBe("NOT_FOUND");
    expect((await a.caller.conversations.find()).items).toEqual([]);
    const still = await b.caller.conversations.get({ id: bConversationId });
    expect(still.conversation.title).toBe("B's secret plans");
  });

  it("conversations: a guessed random id is not found either", async () => {
    expect((await rejectionOf(a.caller.conversations.get({ id: randomUUID() }))).code).toBe("NOT_FOUND");
  });

  it("API keys: A cannot list or revoke B's key", async () => {
    expect(await a.caller.apiKeys.find()).toEqual([]);
    expect((await rejectionOf(a.caller.apiKeys.revoke({ id: bKeyId }))).code).toBe("NOT_FOUND");
    const [key] = await b.caller.apiKeys.find();
    expect(key?.revokedAt).toBeNull();
  });

  it("usage: A's summary, events, daily series and export hold none of B's ledger", async () => {
    const summary = await a.caller.usage.getSummary();
    expect(summary.totalMicros).toBe(0);
    expect(summary.models).toEqual([]);
    expect((await a.caller.usage.findEvents()).items).toEqual([]);
    expect((await a.caller.usage.findDaily()).days).toEqual([]);
    expect((await a.caller.usage.exportCsv()).csv).not.toContain(bRequestId);
    expect((await b.caller.usage.getSummary()).totalMicros).toBe(450);
  });

  it("ignores a customerId smuggled into the input", async () => {
    const smuggled = { limit: 10, customerId: b.customer.id } as unknown as { limit: number };
    expect((await a.caller.usage.findEvents(smuggled)).items).toEqual([]);
    expect((await a.caller.conversations.find(smuggled)).items).toEqual([]);
  });
});

describe("who may call customer procedures", () => {
  it("anonymous callers are UNAUTHORIZED", async () => {
    const anonymous = callerAs(t.db);
    expect((await rejectionOf(anonymous.account.get())).code).toBe("UNAUTHORIZED");
    expect((await rejectionOf(anonymous.usage.getSummary())).code).toBe("UNAUTHORIZED");
  });

  it("an API key context is not a session: UNAUTHORIZED", async () => {
    const keyOnly = callerAs(t.db, { apiKey: { id: bKeyId, customerId: b.customer.id } });
    expect((await rejectionOf(keyOnly.conversations.find())).code).toBe("UNAUTHORIZED");
    expect((await rejectionOf(keyOnly.apiKeys.create({ name: "escalate" }))).code).toBe("UNAUTHORIZED");
  });

  it("an admin session cannot use customer procedures (it owns no customer)", async () => {
    const admin = await createAdmin(t.db);
    expect((await rejectionOf(admin.caller.conversations.get({ id: bConversationId }))).code).toBe("FORBIDDEN");
    expect((await rejectionOf(admin.caller.usage.findEvents())).code).toBe("FORBIDDEN");
  });

  it("plans are public", async () => {
    const plans = await callerAs(t.db).plans.find();
    expect(plans.length).toBeGreaterThan(0);
  });
});
