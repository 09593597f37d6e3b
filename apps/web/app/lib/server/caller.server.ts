import { createCaller, createContext } from "@meterkit/api";
import { db } from "./db.server";
import { env } from "./env.server";
import type { CustomerUser } from "./auth.server";
import { getStripe } from "./stripe.server";

/**
 * Server-side tRPC calls for a loader or action, as the signed-in user: the same procedures (and
 * the same tenant scoping) as /api/trpc, without an HTTP round trip.
 */
export function callerFor(user: CustomerUser, request: Request, ip: string | null = null) {
  return createCaller(
    createContext({
      db,
      stripe: getStripe(),
      sessionUser: user,
      req: { ip, userAgent: request.headers.get("user-agent") },
      appUrl: env.WEB_URL,
    }),
  );
}

export type Caller = ReturnType<typeof callerFor>;
