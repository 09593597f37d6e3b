import type { Database } from "@meterkit/db";
import type { Kysely } from "kysely";
import type Stripe from "stripe";

export type Db = Kysely<Database>;

/** The signed-in user, resolved from the session cookie by `resolveSession`. */
export interface SessionUser {
  id: string;
  email: string;
  role: "customer" | "admin";
  /** Null for admin users: they belong to no customer. */
  customerId: string | null;
  sessionId: string;
}

/** A verified API key (the /v1 gateway); it may call no customer or admin procedure. */
export interface ApiKeyPrincipal {
  id: string;
  customerId: string;
}

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Context {
  db: Db;
  /** Null when no Stripe client is configured; billing procedures then say so (503). */
  stripe: Stripe | null;
  sessionUser: SessionUser | null;
  apiKey: ApiKeyPrincipal | null;
  req: RequestInfo;
  /** Public origin of the customer app, for Stripe success/cancel URLs. */
  appUrl: string;
}

export interface CreateContextOptions {
  db: Db;
  stripe?: Stripe | null;
  sessionUser?: SessionUser | null;
  apiKey?: ApiKeyPrincipal | null;
  req?: Partial<RequestInfo>;
  appUrl?: string;
}

export function createContext(options: CreateContextOptions): Context {
  return {
    db: options.db,
    stripe: options.stripe ?? null,
    sessionUser: options.sessionUser ?? null,
    apiKey: options.apiKey ?? null,
    req: { ip: options.req?.ip ?? null, userAgent: options.req?.userAgent ?? null },
    appUrl: (options.appUrl ?? "http://localhost:3000").replace(/\/+$/, ""),
  };
}
