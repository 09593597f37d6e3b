// Subscribed customers as the chat page sees them: one plan pricing the demo model (batched
// flush, limits far above the bench's load), active subscriptions set directly (no checkout: the
// bench measures chat, not billing), a customer user per customer logged in through the real
// log-in, and a fresh conversation per request so every prompt is the same size.
import { hashPassword, logIn, sessionCookieNames } from "@meterkit/api";
import type { Db } from "@meterkit/db";
import { DEMO_MODEL } from "@meterkit/llm";
import { randomUUID } from "node:crypto";

export type ChatCustomer = { cookie: string; conversations: string[] };

export async function seedChatCustomers(db: Db, customers: number, conversationsEach: number): Promise<ChatCustomer[]> {
  const plan = await db
    .insertInto("plans")
    .values({ code: `bench-chat-${randomUUID().slice(0, 6)}`, name: "Bench", tokens_per_minute: 2_000_000_000, requests_per_minute: 2_000_000_000, flush_policy: "batched" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("plan_rates")
    .values({ plan_id: plan.id, model: DEMO_MODEL, version: 1, input_micros_per_mtok: 1_000_000, cached_input_micros_per_mtok: 250_000, output_micros_per_mtok: 4_000_000 })
    .execute();
  const password = randomUUID();
  const passwordHash = await hashPassword(password); // once: argon2 is slow on purpose
  const seeded: ChatCustomer[] = [];
  for (let c = 0; c < customers; c++) {
    const email = `bench-chat-${randomUUID().slice(0, 8)}@example.test`;
    const customer = await db
      .insertInto("customers")
      .values({ name: `Bench Chat ${c}`, email, plan_id: plan.id, subscription_status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const user = await db
      .insertInto("users")
      .values({ customer_id: customer.id, email, password_hash: passwordHash, role: "customer" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { session } = await logIn(db, { email, password }, { ip: null, audience: "customer" });
    const rows = Array.from({ length: conversationsEach }, () => ({ customer_id: customer.id, user_id: user.id, model: DEMO_MODEL, title: "Bench" }));
    const conversations = (await db.insertInto("conversations").values(rows).returning("id").execute()).map((r) => r.id);
    seeded.push({ cookie: `${sessionCookieNames.customer}=${encodeURIComponent(session.token)}`, conversations });
  }
  return seeded;
}
