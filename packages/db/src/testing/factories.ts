import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, NewUsageEvent } from "../schema/index.js";

/** A minimal customer for tests that need a foreign key target. */
export async function insertTestCustomer(db: Kysely<Database>, name = "Test Customer"): Promise<string> {
  const row = await db
    .insertInto("customers")
    .values({ name, email: `${randomUUID()}@example.test` })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A completed usage event with consistent counts; override any field. */
export function usageEventFixture(customerId: string, overrides: Partial<NewUsageEvent> = {}): NewUsageEvent {
  const now = new Date();
  return {
    request_id: `req_${randomUUID()}`,
    customer_id: customerId,
    model: "meterkit-demo",
    kind: "usage",
    status: "completed",
    prompt_tokens_sent: 12,
    prompt_tokens_effective: 12,
    completion_tokens: 30,
    billed_input_tokens: 12,
    billed_output_tokens: 30,
    cost_micros: 132,
    count_source: "local",
    started_at: now,
    occurred_at: now,
    ...overrides,
  };
}
