// Hostile input against the whole admin portal, over HTTP: the Express stack of server.ts
// (Vite's dev build of the routes, the cross-site refusal, Remix) on a random port and a real
// Postgres. Whatever arrives, the answer is never a 5xx, and a refusal says what was wrong.
import { hashPassword, logIn, sessionCookieNames } from "@meterkit/api";
import { createTestDb, type TestDb } from "@meterkit/db/testing";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ViteDevServer } from "vite";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { answerClientErrors, refuseCrossSite } from "@meterkit/app-server";
import { hostileProber, type Probe } from "@meterkit/app-server/testing";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
let t: TestDb;
let vite: ViteDevServer;
let server: Server;
let base = "";
let cookie = "";
let signIn: () => Promise<string>;
const ids = { customer: "", plan: "", run: randomUUID(), report: randomUUID() };

beforeAll(async () => {
  t = await createTestDb();
  const { createServer: createViteServer } = await import("vite");
  vite = await createViteServer({ root: appDir, server: { middlewareMode: true, hmr: false }, logLevel: "error" });
  const app = express();
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  // Before the app's modules load: they validate the environment once, on import. Without a
  // Stripe key the portal says billing is not configured (no hostile input should get that far).
  Object.assign(process.env, { DATABASE_URL: t.url, ADMIN_URL: base });
  // The same order as server.ts.
  app.use(vite.middlewares);
  app.use(refuseCrossSite([]));
  const build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  app.all("*", createRequestHandler({ build, mode: "development", getLoadContext: (req) => ({ ip: req.ip ?? null }) }));
  app.use(answerClientErrors);

  ids.plan = (await t.db.insertInto("plans").values({ code: "hostile", name: "Hostile", tokens_per_minute: 1_000, requests_per_minute: 10 }).returning("id").executeTakeFirstOrThrow()).id;
  ids.customer = (await t.db.insertInto("customers").values({ name: "Hostile Co", email: "hostile@example.test", plan_id: ids.plan }).returning("id").executeTakeFirstOrThrow()).id;
  const password = "a long enough password";
  const email = `admin-${randomUUID().slice(0, 8)}@example.test`;
  await t.db.insertInto("users").values({ email, password_hash: await hashPassword(password), role: "admin", customer_id: null }).execute();
  signIn = async () => {
    const { session } = await logIn(t.db, { email, password }, { ip: null, audience: "admin" });
    return `${sessionCookieNames.admin}=${session.token}`;
  };
}, 180_000);

// Each test starts signed in; the probes of /logout (sent last) end the session.
beforeEach(async () => {
  cookie = await signIn();
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server?.closeAllConnections();
  await vite?.close();
  await t?.destroy();
});

const { send, badAnswers } = hostileProber({
  base: () => base,
  cookie: () => cookie,
  // Without a Stripe key, actions that need Stripe say so with a 503: the server's setup, not the input.
  expectedServerError: (outcome, words) => outcome.status === 503 && /Stripe/.test(words),
});

const form = { "content-type": "application/x-www-form-urlencoded" };
const huge = "x".repeat(2_000_000);
const long = "x".repeat(20_000);
const everyIntent = ["suspend", "resume", "grantCredit", "retryCredit", "adjustUsage", "changePlan", "sync", "move", "archive", "save", "retry", "discard", "repair", "repairAll", "start", "nope"];

/** Bodies no form of ours sends. */
const malformedBodies = (): Array<Pick<Probe, "headers" | "body">> => [
  { headers: {}, body: undefined },
  { headers: form, body: "" },
  { headers: form, body: "%E0%A4%A=%&&==%ZZ" },
  ...everyIntent.map((intent) => ({ headers: form, body: `intent=${intent}&id=not-a-uuid&amount=-1e309&planId=%00&reason=%00&name=%00&code=%00&lineId=not-a-uuid` })),
  ...everyIntent.map((intent) => ({ headers: form, body: `intent=${intent}&id=${randomUUID()}&amount=99999999999999999999&planId=${randomUUID()}&reason=%ED%A0%80&name=${long}&code=..%2F&periodStart=garbage&periodEnd=9999-99-99` })),
  { headers: form, body: "email=%00&password=%00" },
  { headers: form, body: `email=${huge}&password=${huge}` },
  { headers: { "content-type": "application/json" }, body: '{"intent":"suspend"' },
  { headers: { "content-type": "application/json" }, body: JSON.stringify({ intent: "suspend", reason: "\ud800" }) },
  { headers: { "content-type": "text/plain" }, body: "\u0000\uffff" },
  { headers: { "content-type": "multipart/form-data" }, body: "--x\r\nnot a part" },
  { headers: { "content-type": "application/octet-stream" }, body: new Blob([new Uint8Array([0xff, 0xfe, 0x00, 0xd8])]) },
];

const actionPaths = () => [
  "/login",
  `/customers/${ids.customer}`,
  "/customers/not-a-uuid",
  "/customers/%E0%A4%A",
  "/outbox",
  `/plans/${ids.plan}`,
  "/plans/not-a-uuid",
  "/plans/new",
  "/reconciliation",
  `/reconciliation/${ids.run}`,
  "/reconciliation/not-a-uuid",
  "/logout",
];

describe("hostile input to the admin portal", () => {
  it("refuses a cross-site form post with a 403 that names the origin, signed in or not", async () => {
    for (const path of ["/login", `/customers/${ids.customer}`, "/plans/new", "/logout", "/outbox.data"]) {
      for (const signedIn of [false, true]) {
        const answer = await send({ method: "POST", path, signedIn, headers: { ...form, origin: "https://evil.example" }, body: "intent=suspend&reason=x" });
        expect({ path, status: answer.status }).toEqual({ path, status: 403 });
        expect(answer.text).toContain("origin https://evil.example is not this site");
      }
    }
    expect(await t.db.selectFrom("customers").select("suspended_at").where("id", "=", ids.customer).executeTakeFirstOrThrow()).toEqual({ suspended_at: null });
    expect(await t.db.selectFrom("audit_log").select("id").execute()).toEqual([]);
  });

  it("answers malformed, oversized and odd bodies to every action with a 4xx or a page, never a 5xx", async () => {
    const probes: Probe[] = [];
    for (const path of actionPaths()) {
      for (const [index, body] of malformedBodies().entries()) {
        // Signed out, every page sends the visitor to log in first: a few bodies show that.
        for (const signedIn of index < 3 ? [false, true] : [true]) probes.push({ method: "POST", path, signedIn, headers: { origin: base, ...body.headers }, body: body.body });
      }
    }
    expect(await badAnswers(probes)).toEqual([]);
  }, 300_000);

  it("answers posts without an Origin, from a null origin, or with a garbled one, with a 4xx", async () => {
    const probes: Probe[] = [];
    for (const path of actionPaths()) {
      for (const origin of [undefined, "null", "not a url", "https://evil.example", `${base}.evil.example`]) {
        const headers: Record<string, string> = { ...form, ...(origin === undefined ? {} : { origin }) };
        probes.push({ method: "POST", path, signedIn: true, headers, body: "intent=suspend&reason=forged" });
      }
      probes.push({ method: "PUT", path, signedIn: true, headers: { ...form, origin: base }, body: "x=1" });
      probes.push({ method: "DELETE", path, signedIn: true, headers: { origin: base } });
    }
    expect(await badAnswers(probes)).toEqual([]);
    expect(await t.db.selectFrom("customers").select("suspended_at").where("id", "=", ids.customer).executeTakeFirstOrThrow()).toEqual({ suspended_at: null });
  }, 300_000);

  it("answers bad ids and query strings in page URLs with a page or a 4xx", async () => {
    const paths = [
      "/customers/not-a-uuid",
      "/customers/%E0%A4%A",
      "/customers/%00",
      "/customers/%ED%A0%80",
      `/customers/${randomUUID()}`,
      `/customers/${"a".repeat(5_000)}`,
      "/customers?q=%00&status=garbage&cursor=%E0%A4%A",
      "/customers?cursor=not-a-cursor&q=%ED%A0%80",
      "/plans/not-a-uuid",
      `/plans/${randomUUID()}`,
      "/plans/%E0%A4%A",
      "/outbox?status=%00",
      "/outbox?status=garbage",
      "/reconciliation?cursor=%00",
      "/reconciliation/not-a-uuid",
      `/reconciliation/${randomUUID()}?show=%00`,
      "/reconciliation/not-a-uuid.csv",
      `/reconciliation/${randomUUID()}.csv`,
      "/audit?actor=%00&action=%ED%A0%80&target=not-a-uuid&from=garbage&to=9999-99-99&cursor=%E0%A4%A",
      "/audit?cursor=not-a-cursor",
      "/login?next=%E0%A4%A",
      "/customers/not-a-uuid.data",
      "/%E0%A4%A",
    ];
    const probes = paths.flatMap((path) => [false, true].map((signedIn): Probe => ({ method: "GET", path, signedIn })));
    expect(await badAnswers(probes)).toEqual([]);
    const garbled = await send({ method: "GET", path: "/%E0%A4%A" });
    expect(garbled.status).toBe(400);
    expect(garbled.text).toContain("malformed percent-escape");
    expect(garbled.text).not.toMatch(/at decode/);
  }, 300_000);
});
