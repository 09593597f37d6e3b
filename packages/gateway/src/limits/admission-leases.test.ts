import { recoverStaleCheckpoints, usageSummary } from "@meterkit/billing";
import { useTestDb } from "@meterkit/db/testing";
import { createLlmClient } from "@meterkit/llm";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAccount } from "../pipeline/account";
import { admitChat } from "../pipeline/admit";
import { runMeteredChat } from "../pipeline/run-metered-chat";
import { MODEL, seedCustomer, settled, startGateway, usageEvents, type Gateway } from "../test/fixtures";
import { AdmissionLeases, LEASE_KEEPALIVE_MS, type GrantedLease, type LeaseScope } from "./admission-leases";
import { defaultCheckpointPolicy } from "../pipeline/checkpointer";
import { checkpointWriter } from "../pipeline/write-checkpoint";

// Each request may cost up to ~420 micros (see concurrent-cap.test.ts); this cap holds about 70
// of them, so the first leases cover several requests and the last requests are decided alone.
const CAP_MICROS = 30_000;
const REQUESTS_PER_PROCESS = 150;

const t = useTestDb({ max: 20 });
let processes: Gateway[];

beforeAll(async () => {
  // Two gateways on one database: two processes, each with its own leases.
  processes = await Promise.all([startGateway(t.db), startGateway(t.db)]);
});
afterAll(() => Promise.all(processes.map((p) => p.close())));

async function call(client: OpenAI, i: number): Promise<"ok" | "refused"> {
  const body = { model: MODEL, messages: [{ role: "user" as const, content: `Lease request ${i}: say something.` }], max_tokens: 100 };
  try {
    if (i % 2 === 0) await client.chat.completions.create(body);
    else for await (const chunk of await client.chat.completions.create({ ...body, stream: true })) void chunk;
    return "ok";
  } catch (error) {
    if (error instanceof OpenAI.RateLimitError && error.code === "insufficient_quota") return "refused";
    throw error;
  }
}

it("two processes admitting from leases never spend past the cap, and everything balances once the leases are back", async () => {
  const { customerId, rawKey, apiKeyId } = await seedCustomer(t.db, { hardCapMicros: CAP_MICROS });
  const outcomes = await Promise.all(
    processes.flatMap((p, n) => Array.from({ length: REQUESTS_PER_PROCESS }, (_, i) => call(p.client(rawKey), n * 1_000 + i))),
  );
  const admitted = outcomes.filter((o) => o === "ok").length;
  expect(admitted).toBeGreaterThan(0);
  expect(admitted).toBeLessThan(outcomes.length);

  await settled(t.db, customerId);
  const events = await t.db.selectFrom("usage_events").selectAll().where("customer_id", "=", customerId).execute();
  const spent = events.reduce((sum, e) => sum + Number(e.cost_micros), 0);
  expect(events).toHaveLength(admitted);
  // A lease is a reservation: the cap holds exactly as with one reservation per request.
  expect(spent).toBeLessThanOrEqual(CAP_MICROS);

  const before = await t.db.selectFrom("reservations").selectAll().where("customer_id", "=", customerId).execute();
  const leases = before.filter((r) => r.kind === "lease");
  // Leases did admit requests: fewer reservations than admitted requests.
  expect(leases.length).toBeGreaterThan(0);
  expect(before.length).toBeLessThan(admitted);

  await Promise.all(processes.map((p) => p.leases.close()));
  const after = await t.db.selectFrom("reservations").selectAll().where("customer_id", "=", customerId).execute();
  expect(after.every((r) => r.status === "settled")).toBe(true);
  expect(after.filter((r) => r.kind === "lease").every((r) => Number(r.amount_micros) === 0)).toBe(true);

  // The rate limit counted each admitted request once: leased requests nobody used went back.
  const buckets = await t.db.selectFrom("rate_limit_buckets").select("requests").where("key", "=", `key:${apiKeyId}`).execute();
  expect(buckets.reduce((sum, b) => sum + b.requests, 0)).toBe(admitted);

  const summary = await usageSummary(t.db, customerId, { start: new Date(0), end: new Date(Date.now() + 60_000) });
  expect(summary.totalMicros).toBe(spent);
});

describe("a lease admits only what it still covers", () => {
  const minute = 60_000;
  const start = Math.floor(Date.now() / minute) * minute;
  const scope: LeaseScope = {
    rateLimitKey: "key:unit",
    customerId: "c",
    spendLimitMicros: 1_000,
    periodStart: new Date(0),
    rateLimits: { requestsPerMinute: 100, tokensPerMinute: 10_000 },
  };
  const granted = (windowStart = start): GrantedLease => ({
    reservationId: null,
    windowStart: new Date(windowStart),
    requests: 3,
    tokens: 300,
    micros: 500,
    rateLimit: { limits: { requestsPerMinute: 100, tokensPerMinute: 10_000 }, remainingRequests: 50, remainingTokens: 5_000, resetMs: minute, bucket: null },
    committedMicros: 600,
  });
  // Without a reservation, giving one back only touches its bucket, which does not exist here.
  const leases = () => new AdmissionLeases(t.db, { firstRequests: 4, maxRequests: 16, share: 0.1, activeMs: 1_000 });

  it("hands out requests until one does not fit, and says what is left in the headers", () => {
    const pool = leases();
    pool.keep(scope, { ...granted(), requests: 2, tokens: 200 }, start);
    const first = pool.take(scope, { tokens: 100, worstCaseMicros: 100 }, start + 1);
    expect(first?.rateLimit).toMatchObject({ remainingRequests: 51, remainingTokens: 5_100 });
    expect(pool.take(scope, { tokens: 100, worstCaseMicros: 100 }, start + 2)?.rateLimit).toMatchObject({ remainingRequests: 50, remainingTokens: 5_000 });
    expect(pool.take(scope, { tokens: 100, worstCaseMicros: 100 }, start + 3)).toBeNull();
    expect(pool.size).toBe(0);
  });

  it("is not used for another scope, in another minute, or after its active time", () => {
    const pool = leases();
    const need = { tokens: 1, worstCaseMicros: 1 };
    pool.keep(scope, granted(), start);
    expect(pool.take({ ...scope, spendLimitMicros: 2_000 }, need, start + 1)).toBeNull();
    // New limits of the plan: a new scope, decided by Postgres under them.
    expect(pool.take({ ...scope, rateLimits: { requestsPerMinute: 10, tokensPerMinute: 10_000 } }, need, start + 1)).toBeNull();
    expect(pool.size).toBe(1);
    expect(pool.take(scope, need, start + minute)).toBeNull();
    expect(pool.size).toBe(0);
    pool.keep(scope, granted(), start);
    expect(pool.take(scope, need, start + 999)).not.toBeNull();
    expect(pool.take(scope, need, start + 1_000)).toBeNull();
    expect(pool.size).toBe(0);
  });

  it("lets requests that arrive while a lease is being asked for wait for it, and asks for more once one is used up in time", async () => {
    const pool = leases();
    const need = { tokens: 100, worstCaseMicros: 100 };
    const asked = pool.asked(scope, start);
    expect(asked.requests).toBe(4);
    const waiting = Array.from({ length: 4 }, () => pool.takeOrWait(scope, need));
    // This test runs on the real clock: the lease is of the minute it runs in.
    pool.keep(scope, { ...granted(Math.floor(Date.now() / minute) * minute), requests: 3, tokens: 300 });
    asked.done();
    const taken = await Promise.all(waiting);
    // The lease (four requests: the asker's and three more) is used up: the last one asks itself.
    expect(taken.map((share) => share !== null)).toEqual([true, true, true, false]);
    expect(pool.asked(scope).requests).toBe(8);
  });
});

describe("a request admitted from a lease", () => {
  const hello = [{ role: "user" as const, content: "Hello there." }];

  it("counts down x-ratelimit-remaining-requests one by one, as if each had asked Postgres", async () => {
    const { rawKey } = await seedCustomer(t.db, { requestsPerMinute: 1_000, hardCapMicros: 10_000_000 });
    const client = processes[0]!.client(rawKey);
    const remaining: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { response } = await client.chat.completions.create({ model: MODEL, messages: hello, max_tokens: 5 }).withResponse();
      remaining.push(response.headers.get("x-ratelimit-remaining-requests") ?? "");
    }
    expect(remaining).toEqual(["999", "998", "997", "996"]);
  });

  it("writes its first checkpoint itself, so a process that dies after admitting it still bills the prompt", async () => {
    const { customerId } = await seedCustomer(t.db, { hardCapMicros: 10_000_000 });
    const account = (await loadAccount(t.db, customerId))!;
    const deps = { db: t.db, llm: undefined as never, leases: new AdmissionLeases(t.db) };
    const first = await admitChat(deps, { account, body: { model: MODEL, messages: hello, max_tokens: 20 }, apiKeyId: null, userId: null });
    const second = await admitChat(deps, { account, body: { model: MODEL, messages: hello, max_tokens: 20 }, apiKeyId: null, userId: null });
    // The first asked Postgres (and got the lease); the second came from the lease, with no statement.
    expect(first.checkpointWritten).toBeNull();
    expect(second.lease?.reservationId).toBe(first.lease?.reservationId);
    await second.checkpointWritten;
    // Both "die" here: the worker bills both prompts from their checkpoints.
    await recoverStaleCheckpoints(t.db, { staleAfterSeconds: 0 });
    const events = await t.db.selectFrom("usage_events").select(["request_id", "status"]).where("customer_id", "=", customerId).execute();
    expect(events.map((e) => e.request_id).sort()).toEqual([first.requestId, second.requestId].sort());
    await deps.leases.close();
  });

  it("admits under a plan's new rate limits from the next request on, not once the old lease is used up", async () => {
    const { customerId, planId } = await seedCustomer(t.db, { requestsPerMinute: 1_000, hardCapMicros: 10_000_000 });
    const deps = { db: t.db, llm: undefined as never, leases: new AdmissionLeases(t.db) };
    const body = { model: MODEL, messages: hello, max_tokens: 20 };
    const admit = async () => admitChat(deps, { account: (await loadAccount(t.db, customerId))!, body, apiKeyId: null, userId: null });
    await admit();
    const leased = await admit();
    expect(leased.checkpointWritten).not.toBeNull();
    // The admin lowers the plan's limit (the change notice drops the cached account; here it is read afresh).
    await t.db.updateTable("plans").set({ requests_per_minute: 500 }).where("id", "=", planId).execute();
    const after = await admit();
    // Asked Postgres (its statement wrote the checkpoint), under the new limit.
    expect(after.checkpointWritten).toBeNull();
    expect(after.rateLimit?.limits.requestsPerMinute).toBe(500);
    await deps.leases.close();
  });

  it("holds a lease's money while its requests write checkpoints, and about 2 minutes after the last one", async () => {
    const { customerId } = await seedCustomer(t.db, { hardCapMicros: 10_000_000 });
    const account = (await loadAccount(t.db, customerId))!;
    const deps = { db: t.db, llm: undefined as never, leases: new AdmissionLeases(t.db) };
    const body = { model: MODEL, messages: hello, max_tokens: 20 };
    await admitChat(deps, { account, body, apiKeyId: null, userId: null });
    const leased = await admitChat(deps, { account, body, apiKeyId: null, userId: null });
    await leased.checkpointWritten;
    const lease = () => t.db.selectFrom("reservations").selectAll().where("id", "=", leased.lease!.reservationId).executeTakeFirstOrThrow();
    const secondsLeft = async () => ((await lease()).expires_at.getTime() - Date.now()) / 1000;

    // Its process never gives it back (it "dies" here): it stops counting within the lease's
    // active time plus LEASE_KEEPALIVE_MS, not after the 15 minutes of a request's own reservation.
    const left = await secondsLeft();
    expect(left).toBeGreaterThan(LEASE_KEEPALIVE_MS / 1000 - 5);
    expect(left).toBeLessThanOrEqual((LEASE_KEEPALIVE_MS + deps.leases.policy.activeMs) / 1000 + 1);

    // A live request of it checkpoints: once 30 s of the time are used, that moves the expiry on.
    const checkpoint = checkpointWriter(t.db, leased, 10);
    await checkpoint.write(3);
    expect(await secondsLeft()).toBeCloseTo(left, 0);
    await t.db.updateTable("reservations").set({ expires_at: new Date(Date.now() + 85_000) }).where("id", "=", leased.lease!.reservationId).execute();
    await checkpoint.write(9);
    expect(await secondsLeft()).toBeGreaterThan(LEASE_KEEPALIVE_MS / 1000 - 5);
    expect((await lease()).status).toBe("held");
    await deps.leases.close();
    // A silent request's idle rewrite comes at most two intervals apart (the idle timer may just
    // miss one): always before its lease is within a minute of expiring.
    expect(2 * defaultCheckpointPolicy.idleMs!).toBeLessThanOrEqual(LEASE_KEEPALIVE_MS - 60_000);
  });

  it("gives its share back to the lease when the provider fails before any token", async () => {
    const { customerId } = await seedCustomer(t.db, { hardCapMicros: 10_000_000 });
    const gateway = processes[1]!;
    const deps = { db: t.db, llm: createLlmClient({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: gateway.demo.url }, { maxRetries: 0 }), leases: new AdmissionLeases(t.db) };
    const request = { model: MODEL, messages: hello, max_tokens: 20 };
    const ok = await runMeteredChat(deps, { customerId, request });
    gateway.demo.setFaults({ httpError: { status: 500, times: 1 } });
    const failed = await runMeteredChat(deps, { customerId, request });
    expect(ok.usageEventId).not.toBeNull();
    expect(failed).toMatchObject({ status: "failed", billed: false });
    expect(await usageEvents(t.db, customerId)).toHaveLength(1);

    const [lease] = await t.db.selectFrom("reservations").selectAll().where("customer_id", "=", customerId).execute();
    expect(lease?.kind).toBe("lease");
    await deps.leases.close();
    const after = await t.db.selectFrom("reservations").selectAll().where("id", "=", lease!.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: "settled", amount_micros: 0 });
  });
});
