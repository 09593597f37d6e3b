import { useTestDb } from "@meterkit/db/testing";
import { countTokens } from "@meterkit/metering";
import { request } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MODEL, seedCustomer, startGateway, usageEvents, type Gateway } from "../test/fixtures";

const t = useTestDb();
let gateway: Gateway;

beforeAll(async () => {
  // Paced, so the reply is still streaming when the client leaves.
  gateway = await startGateway(t.db, { demo: { tokensPerSecond: 40, replyTokens: { min: 200, max: 260 } } });
});
afterAll(() => gateway.close());

/** Reads SSE content deltas and hangs up after `chunks` of them; returns the text received. */
function readThenHangUp(url: string, key: string, chunks: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "Tell me a long story." }], stream: true });
    const req = request(url, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } }, (res) => {
      let buffer = "";
      let text = "";
      let seen = 0;
      res.setEncoding("utf8");
      res.on("data", (data: string) => {
        buffer += data;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const payload = JSON.parse(event.slice("data: ".length)) as { choices: Array<{ delta: { content?: string } }> };
          const delta = payload.choices[0]?.delta.content;
          if (!delta) continue;
          text += delta;
          if (++seen === chunks) {
            req.destroy();
            return resolve(text);
          }
        }
      });
      res.on("error", () => {});
    });
    req.on("error", () => {});
    req.on("close", () => reject(new Error("closed before enough chunks arrived")));
    req.end(body);
  });
}

async function waitForEvent(customerId: string) {
  for (let i = 0; i < 200; i++) {
    const events = await usageEvents(t.db, customerId);
    if (events.length > 0) return events;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("no usage event was written");
}

it("a client that hangs up mid-stream is billed as aborted for exactly the text it was sent", async () => {
  const { customerId, rawKey, apiKeyId } = await seedCustomer(t.db, { hardCapMicros: 10_000_000 });
  const received = await readThenHangUp(`${gateway.url}/chat/completions`, rawKey, 12);
  const [event, ...others] = await waitForEvent(customerId);

  expect(others).toEqual([]);
  expect(event).toMatchObject({
    status: "aborted",
    api_key_id: apiKeyId,
    completion_tokens: countTokens(received, MODEL),
    count_source: "local",
    upstream_completion_tokens: null,
  });
  // The upstream stopped too: the demo model saw its client (us) leave.
  const generation = gateway.demo.generations().at(-1);
  expect(generation?.outcome).toBe("aborted");
  expect(generation?.sentTokens).toBeLessThan(generation?.plannedTokens ?? 0);
  // The request was admitted from a lease (decision 116): its share is off it already, and the
  // lease is settled once the rest of it is given back.
  const lease = await t.db.selectFrom("reservations").selectAll().where("customer_id", "=", customerId).executeTakeFirstOrThrow();
  expect(lease.kind).toBe("lease");
  await gateway.leases.close();
  const settled = await t.db.selectFrom("reservations").selectAll().where("id", "=", lease.id).executeTakeFirstOrThrow();
  expect(settled).toMatchObject({ status: "settled", amount_micros: 0 });
});
