import { env } from "./env.server";

/**
 * Which parts run as local stand-ins, as reported by the start command (METERKIT_MODE_*).
 * Shown on every page so a local stack is never mistaken for production. Unset in a plain
 * production deployment, where nothing is shown.
 */
export interface RuntimeModes {
  database: "embedded" | "external" | null;
  stripe: "emulator" | "test" | "live" | null;
  model: "demo" | "upstream" | null;
  /** True when any part is a local stand-in. */
  local: boolean;
}

export function runtimeModes(): RuntimeModes {
  const database = env.METERKIT_MODE_DATABASE ?? null;
  const stripe = env.METERKIT_MODE_STRIPE ?? null;
  const model = env.METERKIT_MODE_MODEL ?? null;
  return { database, stripe, model, local: database === "embedded" || stripe === "emulator" || model === "demo" };
}
