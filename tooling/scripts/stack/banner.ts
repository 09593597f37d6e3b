import type { DevCredentials } from "./database";
import type { StackPlan } from "./plan";
import type { Endpoints } from "./services";

/** One line per part saying which mode it runs in, so no default can pass for production. */
export function describeModes(plan: StackPlan, endpoints: Endpoints): string[] {
  const database =
    plan.database.mode === "embedded"
      ? `database: embedded Postgres at ${redact(endpoints.databaseUrl)} (no DATABASE_URL; data in ${plan.database.dataDir})`
      : `database: Postgres at ${redact(endpoints.databaseUrl)} (DATABASE_URL)`;
  const stripe =
    plan.stripe.mode === "emulator"
      ? `stripe:   local emulator (no STRIPE_SECRET_KEY) at ${endpoints.stripeApiBase}/_emulator`
      : `stripe:   Stripe ${plan.stripe.live ? "LIVE mode — real charges" : "test mode"} (STRIPE_SECRET_KEY ${plan.stripe.secretKey.slice(0, 8)}…)${plan.stripe.apiBase ? ` via ${plan.stripe.apiBase}` : ""}`;
  const model =
    plan.model.mode === "demo"
      ? `model:    local demo model (no OPENAI_API_KEY) at ${endpoints.openaiBaseUrl}`
      : `model:    ${endpoints.openaiBaseUrl} (OPENAI_API_KEY)`;
  return [database, stripe, model];
}

export function describeCredentials(credentials: DevCredentials | undefined, plan: StackPlan): string[] {
  if (!credentials) return [];
  return [
    "dev logins (from the seed; never use them in production):",
    `  customer app ${plan.web.url}/login    ${credentials.demo.email} / ${credentials.demo.password}`,
    `  admin portal ${plan.admin.url}/login  ${credentials.admin.email} / ${credentials.admin.password}`,
  ];
}

export function describeReady(plan: StackPlan, workerRunning: boolean): string[] {
  return [
    `customer app: ${plan.web.url}`,
    `admin portal: ${plan.admin.url}`,
    workerRunning ? "worker:       running" : "worker:       not started",
    "press Ctrl-C to stop everything",
  ];
}

/** Hides a password in a connection string before it reaches the log. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}
