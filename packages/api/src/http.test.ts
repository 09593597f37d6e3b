import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { useTestDb } from "@meterkit/db/testing";
import { describe, expect, it } from "vitest";
import { readSessionCookie, serializeSessionCookie } from "./auth/cookies";
import { createRequestContext } from "./request-context";
import { appRouter } from "./root";
import { signUpCustomer } from "./test/actors";
import { seedPlan } from "./test/ledger";

const t = useTestDb();
const origin = "http://localhost:3000";

/** The /api/trpc handler exactly as the customer app mounts it. */
function handle(request: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: async ({ resHeaders }) => {
      const { ctx, setCookie } = await createRequestContext({ db: t.db, request, audience: "customer", appUrl: origin, secureCookies: false });
      if (setCookie) resHeaders.append("Set-Cookie", setCookie);
      return ctx;
    },
  });
}

const cookieFor = (token: string) => serializeSessionCookie(token, { secure: false, maxAgeSeconds: 60 }).split(";")[0]!;

describe("the /api/trpc fetch adapter", () => {
  it("serves public queries as plain JSON", async () => {
    await seedPlan(t.db, { code: "http-plan" });
    const res = await handle(new Request(`${origin}/api/trpc/plans.find`));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: Array<{ code: string; baseFeeMicros: number }> } };
    expect(body.result.data[0]).toMatchObject({ code: "http-plan", baseFeeMicros: 10_000_000 });
  });

  it("authenticates with the session cookie and answers 401 without it", async () => {
    const c = await signUpCustomer(t.db, "http");
    const anonymous = await handle(new Request(`${origin}/api/trpc/account.get`));
    expect(anonymous.status).toBe(401);
    const res = await handle(new Request(`${origin}/api/trpc/account.get`, { headers: { cookie: cookieFor(c.session.token) } }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { customer: { id: string } } } };
    expect(body.result.data.customer.id).toBe(c.customer.id);
    expect(readSessionCookie(res.headers.get("set-cookie"))).toBeNull();
  });

  it("answers invalid input with 400 and per-field messages", async () => {
    const c = await signUpCustomer(t.db, "http-invalid");
    const res = await handle(
      new Request(`${origin}/api/trpc/account.updateBudget`, {
        method: "POST",
        headers: { cookie: cookieFor(c.session.token), origin, "content-type": "application/json" },
        body: JSON.stringify({ monthlyBudgetMicros: -5 }),
      }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { data: { code: string; fieldErrors: Record<string, string[]> } } };
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(body.error.data.fieldErrors.monthlyBudgetMicros?.[0]).toBe("The budget cannot be negative.");
  });

  it("refuses a cross-site mutation even with a valid cookie", async () => {
    const c = await signUpCustomer(t.db, "http-csrf");
    const res = await handle(
      new Request(`${origin}/api/trpc/apiKeys.create`, {
        method: "POST",
        headers: { cookie: cookieFor(c.session.token), origin: "https://evil.example", "content-type": "application/json" },
        body: JSON.stringify({ name: "stolen" }),
      }),
    );
    expect(res.status).toBe(403);
    expect(await c.caller.apiKeys.find()).toEqual([]);
  });
});
