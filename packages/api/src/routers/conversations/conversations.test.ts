import { randomUUID } from "node:crypto";
import { useTestDb } from "@meterkit/db/testing";
import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "../../errors";
import { rejectionOf, signUpCustomer } from "../../test/actors";
import { seedPlan, seedUsage, testModel } from "../../test/ledger";

const t = useTestDb();

describe("conversations", () => {
  it("create, list, get with messages, rename and delete; the ledger keeps its events", async () => {
    const plan = await seedPlan(t.db);
    const c = await signUpCustomer(t.db, "chat");
    await t.db.updateTable("customers").set({ plan_id: plan.id }).where("id", "=", c.customer.id).execute();

    const created = await c.caller.conversations.create({ model: testModel });
    expect(created).toMatchObject({ title: "New chat", model: testModel });
    const event = await seedUsage(t.db, c.customer.id, plan.id, { input: 10, output: 5, cost: 5 });
    await t.db
      .insertInto("messages")
      .values([
        { conversation_id: created.id, role: "user", content: "hello" },
        { conversation_id: created.id, role: "assistant", content: "hi there", status: "completed", usage_event_id: event.id },
      ])
      .execute();

    const got = await c.caller.conversations.get({ id: created.id });
    expect(got.messages.map((m) => [m.role, m.content])).toEqual([
      ["user", "hello"],
      ["assistant", "hi there"],
    ]);
    const renamed = await c.caller.conversations.update({ id: created.id, title: "Greetings" });
    expect(renamed.title).toBe("Greetings");
    expect((await c.caller.conversations.find()).items.map((i) => i.title)).toEqual(["Greetings"]);

    await c.caller.conversations.delete({ id: created.id });
    expect((await rejectionOf(c.caller.conversations.get({ id: created.id }))).code).toBe("NOT_FOUND");
    expect(await t.db.selectFrom("messages").select("id").where("conversation_id", "=", created.id).execute()).toEqual([]);
    expect(await t.db.selectFrom("usage_events").select("id").where("id", "=", event.id).executeTakeFirst()).toBeDefined();
  });

  it("refuses a model the plan does not include, with a field error", async () => {
    const plan = await seedPlan(t.db);
    const c = await signUpCustomer(t.db, "model");
    await t.db.updateTable("customers").set({ plan_id: plan.id }).where("id", "=", c.customer.id).execute();
    const error = await rejectionOf(c.caller.conversations.create({ model: "gpt-5" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(error)?.model?.[0]).toMatch(/does not include/);
  });

  it("validates ids and titles", async () => {
    const c = await signUpCustomer(t.db, "ids");
    expect(fieldErrorsOf(await rejectionOf(c.caller.conversations.get({ id: "1 OR 1=1" })))).toEqual({ id: ["Not a valid id."] });
    const error = await rejectionOf(c.caller.conversations.update({ id: randomUUID(), title: "" }));
    expect(fieldErrorsOf(error)?.title?.[0]).toBe("The title cannot be empty.");
  });
});
