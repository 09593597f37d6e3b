import { createSessionClient, type StripeClient } from "../stripe/client";
import type { ClaimedReport } from "./claim";
import { classifySendError } from "./classify-error";
import type { Settlement } from "./settle";
import { stripeTimestamp } from "./stripe-timestamp";

/** Stripe's limit for one meter_event_stream call. */
export const V2_BATCH_SIZE = 100;
/** Renew this long before the 15-minute session expires, so no call goes out on a dying token. */
const RENEW_BEFORE_MS = 60_000;

interface Session {
  client: StripeClient;
  expiresAt: number;
}

const sessions = new WeakMap<StripeClient, Session>();

async function session(stripe: StripeClient, force = false): Promise<StripeClient> {
  const cached = sessions.get(stripe);
  if (!force && cached && cached.expiresAt - RENEW_BEFORE_MS > Date.now()) return cached.client;
  const created = await stripe.v2.billing.meterEventSession.create();
  const fresh = { client: createSessionClient(stripe, created.authentication_token), expiresAt: Date.parse(created.expires_at) };
  sessions.set(stripe, fresh);
  return fresh.client;
}

/**
 * Sends reports on the v2 high-throughput stream in batches of at most 100 and returns one
 * settlement per report, in order. The stream validates asynchronously, so a duplicate identifier
 * is not reported back: a batch that is resent after an ambiguous failure is simply deduplicated
 * by Stripe. An expired session is renewed once and the batch retried.
 */
export async function sendReportsV2(stripe: StripeClient, reports: ClaimedReport[]): Promise<Settlement[]> {
  const settlements: Settlement[] = [];
  for (let i = 0; i < reports.length; i += V2_BATCH_SIZE) {
    const batch = reports.slice(i, i + V2_BATCH_SIZE);
    const events = batch.map((r) => ({
      event_name: r.event_name,
      identifier: r.identifier,
      timestamp: new Date(stripeTimestamp(r.event_timestamp) * 1000).toISOString(),
      payload: { stripe_customer_id: r.stripe_customer_id, value: String(r.value) },
    }));
    let outcome: Settlement;
    try {
      await sendBatch(stripe, events);
      outcome = { kind: "sent" };
    } catch (error) {
      const classified = classifySendError(error);
      outcome = classified.kind === "retry" ? { kind: "retry", error: classified.detail } : classified.kind === "duplicate" ? { kind: "sent" } : { kind: "dead", error: classified.detail };
    }
    for (let j = 0; j < batch.length; j++) settlements.push(outcome);
  }
  return settlements;
}

async function sendBatch(stripe: StripeClient, events: Parameters<StripeClient["v2"]["billing"]["meterEventStream"]["create"]>[0]["events"]): Promise<void> {
  try {
    await (await session(stripe)).v2.billing.meterEventStream.create({ events });
  } catch (error) {
    const e = error as { type?: string; statusCode?: number; code?: string };
    const expired = e.type === "TemporarySessionExpiredError" || e.code === "billing_meter_event_session_expired" || e.statusCode === 401;
    if (!expired) throw error;
    await (await session(stripe, true)).v2.billing.meterEventStream.create({ events });
  }
}
