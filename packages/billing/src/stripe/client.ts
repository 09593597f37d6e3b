import Stripe from "stripe";
import type { StripeEnv } from "./env";

export type StripeClient = Stripe;

/**
 * The one place a Stripe client is built.
 *
 * - maxNetworkRetries is 0 because the outbox owns retries: a hidden SDK retry would hide a
 *   failure from `attempts`/`last_error` and could outlive the report's lease.
 * - With STRIPE_API_BASE set, host/port/protocol point at the emulator. The SDK resolves the
 *   v2 meter event stream (normally meter-events.stripe.com) to the same overridden host, so one
 *   setting covers both v1 and the v2 stream.
 */
export function createStripe(env: StripeEnv, overrideKey?: string): StripeClient {
  const config: Stripe.StripeConfig = { maxNetworkRetries: 0, timeout: env.STRIPE_TIMEOUT_MS };
  if (env.STRIPE_API_BASE) {
    const base = new URL(env.STRIPE_API_BASE);
    const protocol = base.protocol === "http:" ? "http" : "https";
    config.host = base.hostname;
    config.protocol = protocol;
    config.port = Number(base.port || (protocol === "http" ? 80 : 443));
  }
  const client = new Stripe(overrideKey ?? env.STRIPE_SECRET_KEY, config);
  envByClient.set(client, env);
  return client;
}

const envByClient = new WeakMap<StripeClient, StripeEnv>();

/**
 * A client authenticated with a v2 meter event session token instead of the secret key, on the
 * same host as `stripe`. The stream endpoint accepts only session tokens.
 */
export function createSessionClient(stripe: StripeClient, authenticationToken: string): StripeClient {
  const env = envByClient.get(stripe);
  if (!env) throw new Error("createSessionClient needs a client built by createStripe");
  return createStripe(env, authenticationToken);
}
