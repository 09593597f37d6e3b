import { useTestDb } from "@meterkit/db/testing";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRate, loadAccount } from "../pipeline/account";
import { MODEL, seedCustomer, settled, startGateway, usageEvents, type Gateway } from "../test/fixtures";

const t = useTestDb();
let gateway: Gateway;
const ADMISSION_MS = 300;

beforeAll(async () => {
  // Admission made slow on purpose (its rate lookup waits), so the client can leave during it.
  gateway = await startGateway(t.db, {
    v1: {
      lookups: {
        account: (id) => loadAccount(t.db, id),
        rate: async (planId, model) => {
          await new Promise((resolve) => setTimeout(resolve, ADMISSION_MS));
          return findRate(t.db, planId, model);
        },
      },
    },
  });
});
afterAll(() => gateway.close());

/** Sends the request and hangs up after `ms`, before any answer. */
function sendAndLeave(key: string, stream: boolean, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "Are you there?" }], stream });
    const req = request(`${gateway.url}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } });
    req.on("error", () => {});
    req.end(body);
    setTimeout(() => {
      req.destroy();
      resolve();
    }, ms);
  });
}

describe("a client that leaves while its request is being admitted", () => {
  for (const stream of [false, true]) {
    it(`is billed nothing and the model is never called (stream: ${stream})`, async () => {
      const { customerId, rawKey } = await seedCustomer(t.db, { hardCapMicros: 10_000_000 });
      const generationsBefore = gateway.demo.generations().length;
      await sendAndLeave(rawKey, stream, ADMISSION_MS / 3);
      await new Promise((resolve) => setTimeout(resolve, ADMISSION_MS * 2));

      // Nothing left running: no checkpoint that the worker would bill later, no usage event.
      await settled(t.db, customerId, 3_000);
      expect(await usageEvents(t.db, customerId)).toEqual([]);
      expect(gateway.demo.generations().length).toBe(generationsBefore);
    });
  }
});
