// A subscribed customer as the chat page sees one: a plan pricing the demo model (batched flush,
// limits far above the bench's load), an active subscription set directly (no checkout: the
// bench measures chat, not billing), a customer user logged in through the real log-in, and one
// fresh conversation per request so every prompt is the same size.
import { hashPassword, logIn, sessionCookieNames } from "@meterkit/api";
import type { Db } from "@meterkit/db";
import { DEMO_MODEL } from "@meterkit/llm";
import { randomUUID } from "node:crypto";

export type ChatCustomer = { cookie: string; conversations: string[] };

export async function seedChatCustomer(db: Db, conversations: number): Promise<ChatCustomer> {
  const plan = await db
    .insertInto("plans")
    .values({ code: `bench-chat-${randomUUID().slice(0, 6)}`, name: "Bench", tokens_per_minute: 2_000_000_000, requests_per_minute: 2_000_000_000, flush_policy: "batched" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("plan_rates")
    .values({ plan_id: plan.id, model: DEMO_MODEL, version: 1, input_micros_per_mtok: 1_000_000, cached_input_micros_per_mtok: 250_000, output_micros_per_mtok: 4_000_000 })
    .execute();
  const email = `bench-chat-${randomUUID().slice(0, 8)}@example.test`;
  const password = randomUUID();
  const customer = await db
    .insertInto("customers")
    .values({ name: "Bench Chat", email, plan_id: plan.id, subscription_status: "active" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({ customer_id: customer.id, email, password_hash: await hashPassword(password), role: "customer" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { session } = await logIn(db, { email, password }, { ip: null, audience: "customer" });
  const rows = Array.from({ length: conversations }, () => ({ customer_id: customer.id, user_id: user.id, model: DEMO_MODEL, title: "Bench" }));
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db.insertInto("conversations").values(rows.slice(i, i + 500)).returning("id").execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return { cookie: `${sessionCookieNames.customer}=${encodeURIComponent(session.token)}`, conversations: ids };
}
