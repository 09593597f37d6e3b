import { appRouter, createRequestContext } from "@meterkit/api";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { db } from "~/lib/server/db.server";
import { env } from "~/lib/server/env.server";
import { secureCookies } from "~/lib/server/auth.server";
import { getStripe } from "~/lib/server/stripe.server";

/**
 * /api/trpc/* for calls from the browser. Each call builds its context from the session cookie;
 * the procedures scope every query to that session's customer, and mutations from another
 * origin are refused before any procedure runs (createRequestContext checks Origin).
 */
async function handle({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  const body = request.method === "POST" ? await request.text() : null;
  const refusal = nulRefusal(request, body);
  if (refusal) return refusal;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: body === null ? request : new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal }),
    router: appRouter,
    createContext: async ({ resHeaders }) => {
      const { ctx, setCookie } = await createRequestContext({
        db,
        stripe: getStripe(),
        request,
        audience: "customer",
        appUrl: env.WEB_URL,
        allowedOrigins: [env.WEB_URL],
        secureCookies,
        ip: context.ip,
      });
      if (setCookie) resHeaders.append("Set-Cookie", setCookie);
      return ctx;
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}:`, error.cause ?? error);
    },
  });
}

/**
 * Postgres refuses NUL in text, so an input string carrying one would end in a 500: refused up
 * front instead, in tRPC's error shape, one entry per call of a batch.
 */
function nulRefusal(request: Request, body: string | null): Response | null {
  const url = new URL(request.url);
  if (![body ?? "null", ...url.searchParams.values()].some((text) => containsNul(parsedOrText(text)))) return null;
  const error = {
    error: { message: "The input contains a NUL character; remove it and try again.", code: -32600, data: { code: "BAD_REQUEST", httpStatus: 400 } },
  };
  const calls = url.pathname.slice("/api/trpc/".length).split(",").length;
  return Response.json(url.searchParams.get("batch") === "1" ? Array.from({ length: calls }, () => error) : error, { status: 400 });
}

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (value && typeof value === "object") return Object.values(value).some(containsNul);
  return false;
}

export const loader = handle;
export const action = handle;
