import { createCaller, createContext, type SessionUser } from "@meterkit/api";
import type { AppLoadContext } from "@remix-run/node";
import { requireAdmin, requireSameOrigin } from "./auth.server";
import { db } from "./db.server";
import { env } from "./env.server";
import { stripe } from "./stripe.server";

export type AdminApi = ReturnType<typeof createCaller>["admin"];

async function callerFor(request: Request, context: AppLoadContext): Promise<{ admin: SessionUser; api: AdminApi }> {
  const admin = await requireAdmin(request);
  const ctx = createContext({
    db,
    stripe,
    sessionUser: admin,
    req: { ip: context.ip, userAgent: request.headers.get("user-agent") },
    appUrl: env.WEB_URL,
  });
  return { admin, api: createCaller(ctx).admin };
}

/**
 * For loaders: checks the admin session (redirect or 403 otherwise) and returns the admin
 * procedures bound to it. The procedures check the role again on every call, so a page that
 * forgot this helper still could not read admin data.
 */
export function adminLoader(request: Request, context: AppLoadContext) {
  return callerFor(request, context);
}

/** For actions: the same, after the cross-site-post check. */
export function adminAction(request: Request, context: AppLoadContext) {
  requireSameOrigin(request);
  return callerFor(request, context);
}
