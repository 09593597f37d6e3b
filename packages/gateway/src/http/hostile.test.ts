import { useTestDb } from "@meterkit/db/testing";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MODEL, seedCustomer, startGateway, type Gateway, type Seeded } from "../test/fixtures";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const t = useTestDb({ max: 10 });
let gateway: Gateway;
let account: Seeded;
let revokedKey: string;

beforeAll(async () => {
  gateway = await startGateway(t.db);
  account = await seedCustomer(t.db);
  const other = await seedCustomer(t.db);
  await t.db.updateTable("api_keys").set({ revoked_at: new Date() }).where("id", "=", other.apiKeyId).execute();
  revokedKey = other.rawKey;
});
afterAll(() => gateway.close());

type Hostile = { body: string; key?: string | null };

const hello = [{ role: "user", content: "hi" }];
const json = (value: unknown) => JSON.stringify(value);

/** Deterministic variety of bad requests; none of them may be billed or crash the server. */
function hostile(i: number): Hostile {
  switch (i % 20) {
    case 0: return { body: "{" };
    case 1: return { body: "" };
    case 2: return { body: "null" };
    case 3: return { body: "[1,2,3]" };
    case 4: return { body: json({ model: MODEL, messages: "hello" }) };
    case 5: return { body: json({ model: 42, messages: hello }) };
    case 6: return { body: json({ model: MODEL, messages: hello, max_tokens: -5 }) };
    case 7: return { body: json({ model: MODEL, messages: hello, max_tokens: 1e300 }) };
    case 8: return { body: json({ model: MODEL, messages: hello, max_tokens: 2 ** 53 + 10 }) };
    case 9: return { body: `{"model":"${MODEL}","messages":[{"role":"user","content":"\\ud800\\udc00\\udfff"}]}` };
    case 10: return { body: `{"model":"${MODEL}","messages":[{"role":"user","content":"\\udbff"}]}` };
    case 11: return { body: json({ model: MODEL, messages: [{ role: "user", content: [{ type: "image_url", image_url: "x" }] }] }) };
    case 12: return { body: json({ model: "\u0000\u202e", messages: hello }) };
    case 13: return { body: json({ model: MODEL, messages: hello, n: 3 }) };
    case 14: return { body: json({ model: MODEL, messages: hello }), key: null };
    case 15: return { body: json({ model: MODEL, messages: hello }), key: revokedKey };
    case 16: return { body: json({ model: MODEL, messages: hello }), key: "mk_live_" + "\u00e9".repeat(43) };
    case 17: return { body: json({ model: MODEL, messages: [{ role: "user", content: "x".repeat(1_200_000) }] }) };
    case 18: return { body: `{"__proto__":{"polluted":true},"model":"${MODEL}","messages":[],"stream":"yes"}` };
    default: return { body: '{"model":"' + MODEL + '","messages":[{"role":"user","content":"\uFFFF\uFEFF"}],"max_tokens":0}' };
  }
}

async function send(request: Hostile): Promise<number> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const key = request.key === undefined ? account.rawKey : request.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  try {
    const response = await fetch(`${gateway.url}/chat/completions`, { method: "POST", headers, body: request.body });
    const body = (await response.json()) as { error?: { message?: string; type?: string } };
    expect(body.error?.message?.length ?? 0).toBeGreaterThan(0);
    return response.status;
  } catch {
    // Header values with non-Latin-1 characters are refused by fetch itself; they never reach us.
    return 0;
  }
}

async function wave(from: number, count: number, parallel = 20): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = from; i < from + count; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, from + count - i) }, (_, j) => send(hostile(i + j)));
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

it("2,000 malformed and hostile requests: only 4xx, no ledger row, flat memory", async () => {
  await wave(0, 200);
  const baseline = heapAfterGc();
  const statuses = await wave(200, 2_000);
  const after = heapAfterGc();

  const answered = statuses.filter((s) => s !== 0);
  expect(answered.length).toBeGreaterThan(1_800);
  expect(answered.every((s) => s >= 400 && s < 500)).toBe(true);
  expect(new Set(answered)).toEqual(new Set([400, 401, 404, 413]));

  const events = await t.db.selectFrom("usage_events").select("id").execute();
  expect(events).toEqual([]);
  const reservations = await t.db.selectFrom("reservations").select("id").execute();
  expect(reservations).toEqual([]);
  const checkpoints = await t.db.selectFrom("usage_checkpoints").select("request_id").execute();
  expect(checkpoints).toEqual([]);
  expect(gateway.backgroundErrors).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();

  // Flat: whatever a request allocates is released; 2,000 of them leave no trace above noise.
  expect(after - baseline).toBeLessThan(8 * 1024 * 1024);
});
