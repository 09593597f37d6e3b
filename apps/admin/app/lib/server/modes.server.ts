import { env } from "./env.server";

export type ModeName = "database" | "stripe" | "model";

export interface ModeBadge {
  part: ModeName;
  label: string;
  /** True for a local stand-in; the header shows those in amber. */
  local: boolean;
}

/**
 * What each part of the running system is, for the header. Unset flags (the apps started
 * without the start command) are shown as "not reported" rather than guessed.
 */
export function modeBadges(): ModeBadge[] {
  const database = env.METERKIT_MODE_DATABASE;
  const stripe = env.METERKIT_MODE_STRIPE;
  const model = env.METERKIT_MODE_MODEL;
  return [
    {
      part: "database",
      label: database === "embedded" ? "embedded Postgres" : database === "external" ? "Postgres" : "database: not reported",
      local: database === "embedded",
    },
    {
      part: "stripe",
      label: stripe === "emulator" ? "Stripe emulator" : stripe === "test" ? "Stripe test mode" : stripe === "live" ? "Stripe LIVE" : "Stripe: not reported",
      local: stripe === "emulator",
    },
    {
      part: "model",
      label: model === "demo" ? "demo model" : model === "upstream" ? "model provider" : "model: not reported",
      local: model === "demo",
    },
  ];
}
