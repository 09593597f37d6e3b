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
function handle({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
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

export const loader = handle;
export const action = handle;
