// Hostile input against the whole customer app, over HTTP, as a browser or a script would send it:
// the Express stack of server.ts (Vite's dev build of the routes, the cross-site refusal, /v1,
// Remix) on a random port, real Postgres, the Stripe emulator and the demo model. Whatever
// arrives, the answer is never a 5xx, and a refusal carries words that say what was wrong.
import { logIn, sessionCookieNames, signUp } from "@meterkit/api";
import { createTestDb, type TestDb } from "@meterkit/db/testing";
import { DEMO_MODEL, startDemoModel, type DemoModel } from "@meterkit/llm";
import { startStripeEmulator, type StripeEmulator } from "@meterkit/stripe-emulator";
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
let emulator: StripeEmulator;
let demo: DemoModel;
let vite: ViteDevServer;
let server: Server;
let base = "";
let cookie = "";
let conversationId = "";
/** A conversation the page's delete action may remove; the stream probes keep theirs. */
let deletableId = "";
let signIn: () => Promise<string>;

beforeAll(async () => {
  t = await createTestDb();
  [emulator, demo] = await Promise.all([startStripeEmulator({ port: 0 }), startDemoModel({ port: 0 })]);
  const { createServer: createViteServer } = await import("vite");
  vite = await createViteServer({ root: appDir, server: { middlewareMode: true, hmr: false }, logLevel: "error" });
  const app = express();
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  // Before the app's modules load: they validate the environment once, on import.
  Object.assign(process.env, {
    DATABASE_URL: t.url,
    WEB_URL: base,
    STRIPE_SECRET_KEY: "sk_test_emulator",
    STRIPE_API_BASE: emulator.url,
    STRIPE_WEBHOOK_SECRET: "whsec_hostile_input",
    OPENAI_API_KEY: "sk-demo-local",
    OPENAI_BASE_URL: demo.url,
  });
  const { v1Listener } = await import("../server/v1");
  const { chatStreamPath, createChatStreamListener } = await import("../server/chat-stream");
  // The same order as server.ts.
  app.use(vite.middlewares);
  app.use("/v1", v1Listener);
  // Through Vite, as `pnpm dev` serves it.
  app.all(chatStreamPath, await createChatStreamListener(vite));
  app.use(refuseCrossSite([/^\/api\//]));
  const build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  app.all("*", createRequestHandler({ build, mode: "development", getLoadContext: (req) => ({ ip: req.ip ?? null }) }));
  app.use(answerClientErrors);

  const password = "a long enough password";
  const { customer, user } = await signUp(t.db, { email: `hostile-${randomUUID().slice(0, 8)}@example.test`, password, name: "Hostile Co" });
  const plan = await t.db.insertInto("plans").values({ code: "hostile", name: "Hostile", tokens_per_minute: 1_000_000, requests_per_minute: 1_000 }).returning("id").executeTakeFirstOrThrow();
  await t.db.insertInto("plan_rates").values({ plan_id: plan.id, model: DEMO_MODEL, version: 1, input_micros_per_mtok: 1_000_000, cached_input_micros_per_mtok: 500_000, output_micros_per_mtok: 2_000_000 }).execute();
  await t.db.updateTable("customers").set({ plan_id: plan.id, subscription_status: "active" }).where("id", "=", customer.id).execute();
  const conversation = () => t.db.insertInto("conversations").values({ customer_id: customer.id, user_id: user.id, model: DEMO_MODEL, title: "Hostile" }).returning("id").executeTakeFirstOrThrow();
  conversationId = (await conversation()).id;
  deletableId = (await conversation()).id;
  signIn = async () => {
    const { session } = await logIn(t.db, { email: user.email, password }, { ip: null, audience: "customer" });
    return `${sessionCookieNames.customer}=${session.token}`;
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
  await Promise.all([emulator?.stop(), demo?.stop()]);
  // Late rate-limit corrections from the gateway land before the database goes away.
  await new Promise((resolve) => setTimeout(resolve, 400));
  await t?.destroy();
});

const { send, badAnswers } = hostileProber({
  base: () => base,
  cookie: () => cookie,
});

const form = { "content-type": "application/x-www-form-urlencoded" };
const huge = "x".repeat(2_000_000);
const loneSurrogate = JSON.stringify({ message: "\ud800 hi", name: "\udfff", email: "\ud83d@example.test" });

/** Bodies no form of ours sends. */
const malformedBodies = (): Array<Pick<Probe, "headers" | "body">> => [
  { headers: {}, body: undefined },
  { headers: form, body: "" },
  { headers: form, body: "%E0%A4%A=%&&==%ZZ" },
  { headers: form, body: "email=%00%00&name=%00&password=a%00b&message=%00&budget=%00&planCode=%00&id=%00&intent=%00" },
  { headers: form, body: "email=%ED%A0%80&name=%ED%A0%80&message=%ED%A0%80&intent=create&planCode=%ED%BF%BF" },
  { headers: form, body: `email=${huge}&name=${huge}&message=${huge}&budget=${huge}` },
  { headers: form, body: "intent=revoke&id=not-a-uuid" },
  { headers: form, body: "intent=delete&budget=-1e309&planCode=..%2F..%2Fetc" },
  { headers: form, body: "intent=create&name=key%00name" },
  { headers: form, body: `name=Nul%00Co&email=nul-${randomUUID().slice(0, 8)}%40example.test&password=a+long+enough+password&message=hi%00there&model=${DEMO_MODEL}` },
  { headers: { "content-type": "application/json" }, body: JSON.stringify({ message: "hi\u0000there", model: DEMO_MODEL }) },
  { headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "key\u0000name", id: "not-a-uuid" }) },
  { headers: { "content-type": "application/json" }, body: '{"email":"a","message":"hi"' },
  { headers: { "content-type": "application/json" }, body: loneSurrogate },
  { headers: { "content-type": "text/plain" }, body: "\u0000\uffff" },
  { headers: { "content-type": "multipart/form-data" }, body: "--x\r\nnot a part" },
  { headers: { "content-type": "multipart/form-data; boundary=zz" }, body: "--zz\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na\u0000\r\n--zz" },
  { headers: { "content-type": "application/octet-stream" }, body: new Blob([new Uint8Array([0xff, 0xfe, 0x00, 0xd8])]) },
];

const actionPaths = () => [
  "/login",
  "/signup",
  "/forgot-password",
  "/reset-password/not-a-token",
  "/reset-password/%E0%A4%A",
  "/app/keys",
  "/app/plans",
  "/app/usage",
  "/app/chat",
  `/app/chat/${deletableId}`,
  "/app/chat/not-a-uuid",
  `/app/chat/${conversationId}/stream`,
  "/app/chat/not-a-uuid/stream",
  "/app/chat/%E0%A4%A/stream",
  "/api/trpc/apiKeys.create",
  "/api/stripe/webhook",
  "/logout",
];

describe("hostile input to the customer app", () => {
  it("refuses a cross-site form post with a 403 that names the origin, on every page with a form", async () => {
    for (const path of ["/login", "/signup", "/app/keys", "/logout", "/login.data", "/app/usage?index"]) {
      for (const signedIn of [false, true]) {
        const answer = await send({ method: "POST", path, signedIn, headers: { ...form, origin: "https://evil.example" }, body: "email=a&name=b" });
        expect({ path, status: answer.status }).toEqual({ path, status: 403 });
        expect(answer.text).toContain("origin https://evil.example is not this site");
      }
    }
    // A script without an Accept header gets the same words as text.
    const plain = await fetch(`${base}/login`, { method: "POST", headers: { ...form, origin: "https://evil.example" }, body: "email=a" });
    expect(plain.status).toBe(403);
    expect(plain.headers.get("content-type")).toMatch(/^text\/plain/);
    // The header cannot inject markup into the page.
    const markup = await send({ method: "POST", path: "/login", headers: { ...form, origin: "https://x.example/<script>" }, body: "" });
    expect(markup.status).toBe(403);
    expect(markup.text).not.toContain("<script>");
    // Nothing was created on the forged request's behalf.
    expect(await t.db.selectFrom("api_keys").select("id").execute()).toEqual([]);
  });

  it("refuses a chat message with a NUL character before anything is sent upstream or billed", async () => {
    const answer = await send({
      method: "POST",
      path: `/app/chat/${conversationId}/stream`,
      signedIn: true,
      headers: { origin: base, "content-type": "application/json" },
      body: JSON.stringify({ message: "hi\u0000there", model: DEMO_MODEL }),
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("NUL character");
    expect(await t.db.selectFrom("usage_events").select("id").execute()).toEqual([]);
    expect(await t.db.selectFrom("messages").select("id").execute()).toEqual([]);
  });

  it("keeps the API and the webhook reachable from anywhere", async () => {
    const api = await fetch(`${base}/v1/models`, { headers: { origin: "https://elsewhere.example" } });
    expect(api.status).toBe(401);
    const completions = await fetch(`${base}/v1/chat/completions`, { method: "POST", headers: { origin: "https://elsewhere.example", "content-type": "application/json" }, body: "{}" });
    expect(completions.status).toBe(401);
    const webhook = await fetch(`${base}/api/stripe/webhook`, { method: "POST", headers: { origin: "https://stripe.example", "content-type": "application/json" }, body: "{}" });
    expect(webhook.status).toBe(400);
    expect(await webhook.text()).toMatch(/signature/i);
  });

  it("answers malformed, oversized and odd bodies to every action with a 4xx or a page, never a 5xx", async () => {
    const probes: Probe[] = [];
    for (const path of actionPaths()) {
      for (const body of malformedBodies()) {
        for (const signedIn of [false, true]) probes.push({ method: "POST", path, signedIn, headers: { origin: base, ...body.headers }, body: body.body });
      }
    }
    expect(await badAnswers(probes)).toEqual([]);
  }, 300_000);

  it("answers posts without an Origin, from a null origin, or with a garbled one, with a 4xx", async () => {
    const probes: Probe[] = [];
    for (const path of actionPaths()) {
      for (const origin of [undefined, "null", "not a url", "https://evil.example", `${base}.evil.example`]) {
        const headers: Record<string, string> = { ...form, ...(origin === undefined ? {} : { origin }) };
        probes.push({ method: "POST", path, signedIn: true, headers, body: "intent=create&name=k&email=a%40b.c&message=hi" });
      }
      probes.push({ method: "PUT", path, signedIn: true, headers: { ...form, origin: base }, body: "x=1" });
      probes.push({ method: "DELETE", path, signedIn: true, headers: { origin: base } });
    }
    expect(await badAnswers(probes)).toEqual([]);
    // Only the same-origin PUT may have made a key (a PUT is a form post like any other).
    expect(await t.db.selectFrom("api_keys").select("name").where("name", "=", "k").execute()).toEqual([]);
  }, 300_000);

  it("answers bad ids and query strings in page URLs with a page or a 4xx", async () => {
    const paths = [
      "/app/chat/not-a-uuid",
      `/app/chat/${randomUUID()}`,
      "/app/chat/%E0%A4%A",
      "/app/chat/%00",
      "/app/chat/%ED%A0%80",
      `/app/chat/${"a".repeat(5_000)}`,
      "/app/chat/not-a-uuid.data",
      "/app/usage?from=garbage&to=%00&period=-1",
      "/app/usage?from=9999-99-99",
      "/app/usage.csv?from=garbage&to=%E0%A4%A",
      "/app/usage.csv?period=%00",
      "/app/plans?plan=%00&checkout=%ED%A0%80",
      "/app/checkout/return?session_id=%00",
      "/app/checkout/return?session_id=cs_not_real",
      "/app/billing?x=%E0%A4%A",
      "/reset-password/%E0%A4%A",
      "/reset-password/%00",
      "/login?next=%E0%A4%A",
      "/login?next=//evil.example",
      "/signup?plan=%00",
      "/pricing?plan=%ED%A0%80",
      "/%E0%A4%A",
      "/app/%E0%A4%A",
      "/api/trpc/conversations.get?input=%7B%22id%22%3A%22not-a-uuid%22%7D",
      "/api/trpc/conversations.get?input=%E0%A4%A",
      "/api/trpc/nope",
      "/api/trpc/apiKeys.find,conversations.get?batch=1&input=%7B%221%22%3A%7B%22id%22%3A%22%5Cu0000%22%7D%7D",
      `/app/chat/${conversationId}/stream`,
    ];
    const probes = paths.flatMap((path) => [false, true].map((signedIn): Probe => ({ method: "GET", path, signedIn })));
    expect(await badAnswers(probes)).toEqual([]);
    const garbled = await send({ method: "GET", path: "/%E0%A4%A" });
    expect(garbled.status).toBe(400);
    expect(garbled.text).toContain("malformed percent-escape");
    expect(garbled.text).not.toMatch(/at decode/);
  }, 300_000);
});
