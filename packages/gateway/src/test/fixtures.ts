import { verifyApiKey } from "@meterkit/api";
import type { Db } from "@meterkit/db";
import { createLlmClient, DEMO_MODEL, startDemoModel, type DemoModel, type DemoModelOptions } from "@meterkit/llm";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { createV1Handler, type V1Options } from "../http/handle-v1";
import { toNodeListener } from "../http/node-adapter";
import { AdmissionLeases, defaultLeasePolicy } from "../limits/admission-leases";

export const MODEL = DEMO_MODEL;
/** micros per 1M tokens: input, cached input, output. */
export const RATE = { input: 1_000_000, cached: 250_000, output: 4_000_000 };

export type SeedOptions = {
  hardCapMicros?: number | null;
  monthlyBudgetMicros?: number | null;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  contextPolicy?: "reject" | "truncate";
  subscriptionStatus?: "active" | "trialing" | "past_due" | "canceled" | "none";
  suspended?: boolean;
};

export type Seeded = { customerId: string; planId: string; apiKeyId: string; rawKey: string };

/** A plan pricing the demo model, a subscribed customer on it, and an API key in the api package's format. */
export async function seedCustomer(db: Db, options: SeedOptions = {}): Promise<Seeded> {
  const plan = await db
    .insertInto("plans")
    .values({
      code: `plan-${randomUUID().slice(0, 8)}`,
      name: "Gateway test plan",
      hard_cap_micros: options.hardCapMicros ?? null,
      tokens_per_minute: options.tokensPerMinute ?? 100_000_000,
      requests_per_minute: options.requestsPerMinute ?? 1_000_000,
      context_policy: options.contextPolicy ?? "reject",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("plan_rates")
    .values({
      plan_id: plan.id,
      model: MODEL,
      version: 1,
      input_micros_per_mtok: RATE.input,
      cached_input_micros_per_mtok: RATE.cached,
      output_micros_per_mtok: RATE.output,
    })
    .execute();
  const customer = await db
    .insertInto("customers")
    .values({
      name: "Gateway Customer",
      email: `gw-${randomUUID().slice(0, 8)}@example.test`,
      plan_id: plan.id,
      subscription_status: options.subscriptionStatus ?? "active",
      monthly_budget_micros: options.monthlyBudgetMicros ?? null,
      suspended_at: options.suspended ? new Date() : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const key = await addApiKey(db, customer.id);
  return { customerId: customer.id, planId: plan.id, apiKeyId: key.id, rawKey: key.raw };
}

export async function addApiKey(db: Db, customerId: string): Promise<{ id: string; raw: string }> {
  const raw = `mk_live_${randomBytes(32).toString("base64url")}`;
  const row = await db
    .insertInto("api_keys")
    .values({ customer_id: customerId, name: "test", prefix: raw.slice(0, 14), key_hash: createHash("sha256").update(raw).digest("hex") })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, raw };
}

export type Gateway = {
  /** Base URL including /v1, for the openai SDK. */
  url: string;
  port: number;
  demo: DemoModel;
  backgroundErrors: unknown[];
  /** The handler's admission leases (closed by close(); close them earlier to settle them). */
  leases: AdmissionLeases;
  client(apiKey: string): OpenAI;
  close(): Promise<void>;
};

/** The demo model on a random port, and the /v1 handler served by node:http on another. */
export async function startGateway(
  db: Db,
  options: { demo?: DemoModelOptions; v1?: Partial<V1Options> } = {},
): Promise<Gateway> {
  const demo = await startDemoModel({ tokensPerSecond: Infinity, firstTokenLatencyMs: 0, ...options.demo });
  const llm = createLlmClient({ OPENAI_API_KEY: "sk-test-gateway", OPENAI_BASE_URL: demo.url }, { maxRetries: 0 });
  const backgroundErrors: unknown[] = [];
  // As the app serves /v1: with leases (decision 116), unless a test passes its own or none.
  const leases = new AdmissionLeases(db, defaultLeasePolicy, (error) => backgroundErrors.push(error));
  const handler = createV1Handler({
    db,
    llm,
    leases,
    authenticate: (raw) => verifyApiKey(db, raw),
    onBackgroundError: (error) => backgroundErrors.push(error),
    ...options.v1,
  });
  const server: Server = createServer(toNodeListener(handler, { bodyFromRaw: true }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/v1`;
  return {
    url,
    port,
    demo,
    backgroundErrors,
    leases,
    client: (apiKey) => new OpenAI({ baseURL: url, apiKey, maxRetries: 0 }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await leases.close();
      await demo.stop();
    },
  };
}

/** The customer's ledger once every reply already sent has its usage event (see settled). */
export async function usageEvents(db: Db, customerId: string) {
  await settled(db, customerId);
  return db.selectFrom("usage_events").selectAll().where("customer_id", "=", customerId).orderBy("created_at").execute();
}

/**
 * Waits until no admitted request of the customer is still unwritten. A /v1 reply reaches its
 * client before its usage event is written (decision 114), and every admitted request has a
 * checkpoint until that write (or its withdrawal), so none left means the ledger is complete.
 */
export async function settled(db: Db, customerId: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await db.selectFrom("usage_checkpoints").select("request_id").where("customer_id", "=", customerId).execute();
    if (open.length === 0) return;
    if (Date.now() > deadline) throw new Error(`requests still unwritten after ${timeoutMs} ms: ${open.map((r) => r.request_id).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
