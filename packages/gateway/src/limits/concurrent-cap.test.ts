import { usageSummary } from "@meterkit/billing";
import { useTestDb } from "@meterkit/db/testing";
import OpenAI from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MODEL, seedCustomer, settled, startGateway, type Gateway } from "../test/fixtures";

// Every request may cost up to (prompt + 100 output tokens) at 1/4 micro per token: ~420 micros.
const CAP_MICROS = 5_000;
const REQUESTS = 200;

const t = useTestDb({ max: 20 });
let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway(t.db);
});
afterAll(() => gateway.close());

it("200 concurrent requests never spend past the cap by more than the admitted reservations", async () => {
  const { customerId, rawKey } = await seedCustomer(t.db, { hardCapMicros: CAP_MICROS });
  const client = gateway.client(rawKey);
  const outcomes = await Promise.all(
    Array.from({ length: REQUESTS }, async (_, i) => {
      const body = { model: MODEL, messages: [{ role: "user" as const, content: `Request number ${i}: say something.` }], max_tokens: 100 };
      try {
        if (i % 2 === 0) {
          await client.chat.completions.create(body);
        } else {
          const stream = await client.chat.completions.create({ ...body, stream: true });
          for await (const chunk of stream) void chunk;
        }
        return "ok" as const;
      } catch (error) {
        if (error instanceof OpenAI.RateLimitError && error.code === "insufficient_quota") return "refused" as const;
        throw error;
      }
    }),
  );
  const admitted = outcomes.filter((o) => o === "ok").length;
  expect(admitted).toBeGreaterThan(0);
  expect(admitted).toBeLessThan(REQUESTS);

  await settled(t.db, customerId);
  const events = await t.db.selectFrom("usage_events").selectAll().where("customer_id", "=", customerId).execute();
  const reservations = await t.db.selectFrom("reservations").selectAll().where("customer_id", "=", customerId).execute();
  const spent = events.reduce((sum, e) => sum + Number(e.cost_micros), 0);

  // Each admission saw spent + held + its worst case <= cap, and no request costs more than its
  // worst case, so the period's spend stays under the cap.
  expect(spent).toBeLessThanOrEqual(CAP_MICROS);
  expect(events).toHaveLength(admitted);
  expect(reservations).toHaveLength(admitted);
  expect(reservations.every((r) => r.status === "settled")).toBe(true);
  const reservationOf = new Map(reservations.map((r) => [r.request_id, Number(r.amount_micros)]));
  for (const event of events) {
    expect(Number(event.cost_micros)).toBeLessThanOrEqual(reservationOf.get(event.request_id) ?? -1);
  }

  const summary = await usageSummary(t.db, customerId, { start: new Date(0), end: new Date(Date.now() + 60_000) });
  expect(summary.totalMicros).toBe(spent);
});
