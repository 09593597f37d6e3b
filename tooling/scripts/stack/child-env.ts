import type { StackPlan } from "./plan";
import type { Endpoints } from "./services";

/**
 * The environment every app process gets: the caller's environment with each part resolved to
 * the mode the plan chose, plus METERKIT_MODE_* so the apps can show which mode they are in.
 */
export function childEnv(plan: StackPlan, endpoints: Endpoints, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    NODE_ENV: plan.nodeEnv,
    DATABASE_URL: endpoints.databaseUrl,
    STRIPE_SECRET_KEY: plan.stripe.secretKey,
    OPENAI_API_KEY: plan.model.apiKey,
    OPENAI_BASE_URL: endpoints.openaiBaseUrl,
    WEB_PORT: String(plan.web.port),
    ADMIN_PORT: String(plan.admin.port),
    WEB_URL: plan.web.url,
    ADMIN_URL: plan.admin.url,
    METERKIT_DATA_DIR: plan.dataDir,
    METERKIT_MODE_DATABASE: plan.database.mode,
    METERKIT_MODE_STRIPE: plan.stripe.mode === "emulator" ? "emulator" : plan.stripe.live ? "live" : "test",
    METERKIT_MODE_MODEL: plan.model.mode,
  };
  if (endpoints.stripeApiBase) env.STRIPE_API_BASE = endpoints.stripeApiBase;
  else delete env.STRIPE_API_BASE;
  if (plan.stripe.webhookSecret) env.STRIPE_WEBHOOK_SECRET = plan.stripe.webhookSecret;
  return env;
}
