import { startEmbeddedPostgres } from "@meterkit/db/embedded";
import { startDemoModel } from "@meterkit/llm";
import { emulatorEnv, startStripeEmulator } from "@meterkit/stripe-emulator";
import type { StackPlan } from "./plan";

/** A local stand-in the stack started and must stop. */
export interface StartedService {
  name: string;
  stop(): Promise<void>;
}

/** Where the apps find each part, whichever mode it is in. */
export interface Endpoints {
  databaseUrl: string;
  /** Set only when talking to the local emulator; the apps then point the Stripe SDK at it. */
  stripeApiBase: string | undefined;
  openaiBaseUrl: string;
}

/**
 * Starts the stand-ins the plan asks for: embedded Postgres, the Stripe emulator, the demo
 * model. On any failure it stops what it already started before rethrowing, so a bad port or
 * a stale data folder never leaves a Postgres running.
 */
export async function startServices(plan: StackPlan, log: (line: string) => void): Promise<{ endpoints: Endpoints; services: StartedService[] }> {
  const services: StartedService[] = [];
  try {
    let databaseUrl: string;
    if (plan.database.mode === "embedded") {
      log(`starting embedded Postgres (data in ${plan.database.dataDir}) ...`);
      const pg = await startEmbeddedPostgres({ dataDir: plan.database.dataDir, port: plan.database.port, log });
      services.push({ name: "embedded Postgres", stop: () => pg.stop() });
      databaseUrl = pg.url;
    } else {
      databaseUrl = plan.database.url;
    }

    let stripeApiBase = plan.stripe.mode === "stripe" ? plan.stripe.apiBase : undefined;
    if (plan.stripe.mode === "emulator") {
      const emulator = await startStripeEmulator({
        port: plan.stripe.port,
        statePath: plan.stripe.statePath,
        webhookUrl: plan.webhookUrl,
        webhookSecret: plan.stripe.webhookSecret,
        // A stack kept running (or its state file kept) past a period end renews like real Stripe;
        // STRIPE_EMULATOR_RENEW_EVERY_MS=0 turns that off.
        renewEvery: emulatorEnv().STRIPE_EMULATOR_RENEW_EVERY_MS,
      });
      services.push({ name: "Stripe emulator", stop: () => emulator.stop() });
      stripeApiBase = trimSlash(emulator.url);
    }

    let openaiBaseUrl: string;
    if (plan.model.mode === "demo") {
      const model = await startDemoModel({ port: plan.model.port });
      services.push({ name: "demo model", stop: () => model.stop() });
      openaiBaseUrl = withV1(model.url);
    } else {
      openaiBaseUrl = plan.model.baseUrl;
    }

    return { endpoints: { databaseUrl, stripeApiBase, openaiBaseUrl }, services };
  } catch (error) {
    await stopServices(services, log);
    throw error;
  }
}

/** Stops in reverse start order (the database last); one failure does not skip the rest. */
export async function stopServices(services: StartedService[], log: (line: string) => void): Promise<void> {
  for (const service of [...services].reverse()) {
    try {
      await service.stop();
      log(`stopped ${service.name}`);
    } catch (error) {
      log(`could not stop ${service.name}: ${(error as Error).message}`);
    }
  }
  services.length = 0;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function withV1(url: string): string {
  const base = trimSlash(url);
  return base.endsWith("/v1") ? base : `${base}/v1`;
}
