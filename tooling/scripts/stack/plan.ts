import { embeddedDefaults, ports as defaultPorts } from "@meterkit/config";
import { join, resolve } from "node:path";
import type { StackEnv } from "./env";

export type StackPorts = { [K in keyof typeof defaultPorts]: number };

export type DatabasePlan = { mode: "embedded"; dataDir: string; port: number } | { mode: "external"; url: string };

export type StripePlan =
  | { mode: "emulator"; port: number; statePath: string; secretKey: string; webhookSecret: string }
  | { mode: "stripe"; secretKey: string; apiBase: string | undefined; webhookSecret: string | undefined; live: boolean };

export type ModelPlan = { mode: "demo"; port: number; apiKey: string } | { mode: "upstream"; baseUrl: string; apiKey: string };

/** What the start command will run, decided from the environment before anything starts. */
export interface StackPlan {
  nodeEnv: StackEnv["NODE_ENV"];
  dataDir: string;
  database: DatabasePlan;
  stripe: StripePlan;
  model: ModelPlan;
  web: { port: number; url: string };
  admin: { port: number; url: string };
  webhookUrl: string;
}

/** The environment asks for something contradictory; the message says what to change. */
export class PlanError extends Error {
  readonly code = "STACK_PLAN_INVALID";
  override readonly name = "PlanError";
}

export function planStack(env: StackEnv, options: { rootDir: string; ports?: Partial<StackPorts> }): StackPlan {
  const ports: StackPorts = { ...defaultPorts, ...options.ports };
  const webPort = env.WEB_PORT ?? ports.web;
  const adminPort = env.ADMIN_PORT ?? ports.admin;
  const dataDir = resolve(options.rootDir, env.METERKIT_DATA_DIR ?? ".data");

  if (env.STRIPE_API_BASE && !env.STRIPE_SECRET_KEY) {
    throw new PlanError("STRIPE_API_BASE is set but STRIPE_SECRET_KEY is not. Set both, or unset STRIPE_API_BASE to use the local Stripe emulator.");
  }
  if (env.OPENAI_BASE_URL && !env.OPENAI_API_KEY) {
    throw new PlanError(
      "OPENAI_BASE_URL is set but OPENAI_API_KEY is not. Set a key (any value for servers that ignore it, such as Ollama), or unset OPENAI_BASE_URL to use the local demo model.",
    );
  }

  const database: DatabasePlan = env.DATABASE_URL
    ? { mode: "external", url: env.DATABASE_URL }
    : { mode: "embedded", dataDir: join(dataDir, "postgres"), port: ports.embeddedPostgres };

  const stripe: StripePlan = env.STRIPE_SECRET_KEY
    ? {
        mode: "stripe",
        secretKey: env.STRIPE_SECRET_KEY,
        apiBase: env.STRIPE_API_BASE,
        webhookSecret: env.STRIPE_WEBHOOK_SECRET,
        live: env.STRIPE_SECRET_KEY.startsWith("sk_live_"),
      }
    : {
        mode: "emulator",
        port: ports.stripeEmulator,
        statePath: join(dataDir, "stripe-emulator.json"),
        secretKey: embeddedDefaults.stripeSecretKey,
        webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? embeddedDefaults.stripeWebhookSecret,
      };

  const model: ModelPlan = env.OPENAI_API_KEY
    ? { mode: "upstream", baseUrl: env.OPENAI_BASE_URL ?? "https://api.openai.com/v1", apiKey: env.OPENAI_API_KEY }
    : { mode: "demo", port: ports.demoModel, apiKey: embeddedDefaults.openaiApiKey };

  // Browsers treat localhost and 127.0.0.1 as different sites (cookies); links use localhost.
  const webUrl = env.WEB_URL ?? `http://localhost:${webPort}`;
  return {
    nodeEnv: env.NODE_ENV,
    dataDir,
    database,
    stripe,
    model,
    web: { port: webPort, url: webUrl },
    admin: { port: adminPort, url: env.ADMIN_URL ?? `http://localhost:${adminPort}` },
    webhookUrl: `http://127.0.0.1:${webPort}/api/stripe/webhook`,
  };
}
