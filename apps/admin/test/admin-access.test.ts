// Every admin page refuses customer sessions server-side with a 403 (whichever cookie carries
// them), sends anonymous visitors to the login page, and serves admins.
import { hashPassword, logIn, sessionCookieNames, signUp } from "@meterkit/api";
import { createTestDb, type TestDb } from "@meterkit/db/testing";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type RouteModule = {
  loader?: (args: { request: Request; context: { ip: string | null }; params: Record<string, string> }) => Promise<unknown>;
  action?: (args: { request: Request; context: { ip: string | null }; params: Record<string, string> }) => Promise<unknown>;
};

// Lazy, so the modules (and the env they validate on import) load after DATABASE_URL is set.
const routeFiles = import.meta.glob<RouteModule>("../app/routes/*.{ts,tsx}");
/** Pages anyone may open. */
const publicRoutes = new Set(["login.tsx", "logout.tsx", "healthz.ts"]);
const adminUrl = "http://localhost:3001";

let t: TestDb;
let customerToken: string;
let adminToken: string;
const params = { id: randomUUID(), runId: randomUUID() };

beforeAll(async () => {
  t = await createTestDb();
  process.env.DATABASE_URL = t.url;
  process.env.ADMIN_URL = adminUrl;
  const password = "a long enough password";
  const customer = await signUp(t.db, { email: `cust-${randomUUID().slice(0, 8)}@example.test`, password, name: "Customer Co" });
  customerToken = (await logIn(t.db, { email: customer.user.email, password }, { ip: null, audience: "customer" })).session.token;
  const adminEmail = `admin-${randomUUID().slice(0, 8)}@example.test`;
  await t.db.insertInto("users").values({ email: adminEmail, password_hash: await hashPassword(password), role: "admin", customer_id: null }).execute();
  adminToken = (await logIn(t.db, { email: adminEmail, password }, { ip: null, audience: "admin" })).session.token;
});

afterAll(async () => {
  const { closeDb } = await import("../app/lib/server/db.server");
  await closeDb();
  await t?.destroy();
});

const adminRoutes = () => Object.keys(routeFiles).filter((path) => !publicRoutes.has(path.split("/").pop() ?? ""));

/** The HTTP status a loader or action answered with, whether it threw or returned it. */
async function statusOf(work: Promise<unknown> | undefined): Promise<number> {
  let outcome: unknown;
  try {
    outcome = await work;
  } catch (error) {
    outcome = error;
  }
  if (outcome instanceof Response) return outcome.status;
  // Remix's `data(value, init)` (single fetch) is a plain object carrying the status.
  if (outcome && typeof outcome === "object" && "init" in outcome) return (outcome as { init?: { status?: number } }).init?.status ?? 200;
  if (outcome instanceof Error) throw outcome;
  return 200;
}

function request(path: string, cookie: string | null, method = "GET") {
  const headers = new Headers();
  if (cookie) headers.set("cookie", cookie);
  if (method !== "GET") headers.set("origin", adminUrl);
  return new Request(`${adminUrl}${path}`, { method, headers, body: method === "GET" ? undefined : new URLSearchParams({ intent: "save" }) });
}

describe("admin pages and the sessions that may see them", () => {
  it("finds the admin pages to check", () => {
    expect(adminRoutes().length).toBeGreaterThanOrEqual(10);
  });

  it("answers 403 to a customer session on every page, in the admin cookie or the customer app's", async () => {
    for (const path of adminRoutes()) {
      const mod = await routeFiles[path]!();
      for (const cookie of [`${sessionCookieNames.admin}=${customerToken}`, `${sessionCookieNames.customer}=${customerToken}`]) {
        if (mod.loader) expect({ path, cookie, status: await statusOf(mod.loader({ request: request("/x", cookie), context: { ip: null }, params })) }).toMatchObject({ status: 403 });
        if (mod.action) expect({ path, cookie, status: await statusOf(mod.action({ request: request("/x", cookie, "POST"), context: { ip: null }, params })) }).toMatchObject({ status: 403 });
      }
    }
    // Nothing was written on the customer's behalf.
    expect(await t.db.selectFrom("audit_log").select("id").execute()).toEqual([]);
  });

  it("sends visitors without a session to the login page", async () => {
    for (const path of adminRoutes()) {
      const mod = await routeFiles[path]!();
      if (!mod.loader) continue;
      let thrown: unknown;
      try {
        await mod.loader({ request: request("/customers?q=a", null), context: { ip: null }, params });
      } catch (error) {
        thrown = error;
      }
      expect(thrown, path).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(302);
      expect((thrown as Response).headers.get("location")).toBe(`/login?next=${encodeURIComponent("/customers?q=a")}`);
    }
  });

  it("serves admins", async () => {
    const overview = (await import("../app/routes/_index")) as RouteModule;
    const data = (await overview.loader!({ request: request("/", `${sessionCookieNames.admin}=${adminToken}`), context: { ip: null }, params: {} })) as { overview: { requests: { total: number } } };
    expect(data.overview.requests.total).toBe(0);
  });

  it("re-sends an admin's session cookie, so the browser keeps it as long as the rolling session lives", async () => {
    const root = (await import("../app/root")) as RouteModule;
    const result = (await root.loader!({ request: request("/", `${sessionCookieNames.admin}=${adminToken}`), context: { ip: null }, params: {} })) as {
      init: { headers: Record<string, string> };
    };
    const cookie = result.init.headers["Set-Cookie"] ?? "";
    expect(cookie).toMatch(new RegExp(`^${sessionCookieNames.admin}=${adminToken}; Path=/; HttpOnly; SameSite=Lax; Max-Age=\\d+$`));
    expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeGreaterThan(29 * 24 * 3600);
    // A customer's session gets no admin cookie.
    const customer = await root.loader!({ request: request("/", `${sessionCookieNames.admin}=${customerToken}`), context: { ip: null }, params: {} });
    expect(customer).toMatchObject({ adminEmail: null });
  });

  it("refuses a customer at the admin login form with a 403 that says why", async () => {
    const login = (await import("../app/routes/login")) as RouteModule;
    const customerEmail = (await t.db.selectFrom("users").select("email").where("role", "=", "customer").executeTakeFirstOrThrow()).email;
    const body = new URLSearchParams({ email: customerEmail, password: "a long enough password", next: "/" });
    const result = await login.action!({ request: new Request(`${adminUrl}/login`, { method: "POST", headers: { origin: adminUrl }, body }), context: { ip: null }, params: {} });
    expect(result).toMatchObject({ init: { status: 403 }, data: { message: "This account cannot sign in to the admin portal." } });
  });
});

describe("admin pages and bad addresses", () => {
  it("answers a made-up id and a malformed one with 404, each with a sentence", async () => {
    const detail = (await import("../app/routes/customers.$id")) as RouteModule;
    const call = (id: string) => detail.loader!({ request: request(`/customers/${id}`, `${sessionCookieNames.admin}=${adminToken}`), context: { ip: null }, params: { id } }).catch((e: unknown) => e);
    expect(await call(randomUUID())).toMatchObject({ init: { status: 404 }, data: "Customer not found." });
    expect(await call("not-a-uuid")).toMatchObject({ init: { status: 404 }, data: "There is no page at this address: not a valid id." });
  });
});

describe("the new-plan form", () => {
  it("reports a bad code and a missing name in the same round as the other fields", async () => {
    const page = (await import("../app/routes/plans.new")) as RouteModule;
    const body = new URLSearchParams({ intent: "save", code: "Bad Code!", name: "", baseFee: "abc", tokensPerMinute: "1000", requestsPerMinute: "10", flushIntervalSeconds: "3600", "rates.0.model": "gpt-4o-mini", "rates.0.input": "0.15", "rates.0.cachedInput": "0.075", "rates.0.output": "0.6" });
    const headers = new Headers({ cookie: `${sessionCookieNames.admin}=${adminToken}`, origin: adminUrl });
    const result = (await page.action!({ request: new Request(`${adminUrl}/plans/new`, { method: "POST", headers, body }), context: { ip: null }, params: {} }).catch((e: unknown) => e)) as {
      init?: { status?: number };
      data?: { fieldErrors?: Record<string, string[]> };
    };
    expect(result.init?.status).toBe(400);
    expect(Object.keys(result.data?.fieldErrors ?? {}).sort()).toEqual(["baseFee", "code", "name"]);
  });
});
