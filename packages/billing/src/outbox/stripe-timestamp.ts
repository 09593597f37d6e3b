const DAY_S = 86_400;
/** How far back Stripe accepts a meter event's timestamp. */
export const STRIPE_MAX_AGE_DAYS = 35;
const MARGIN_S = 3_600;

/**
 * The `timestamp` Stripe gets for a report: when its tokens were used, clamped into Stripe's
 * accepted window (35 days back, 5 minutes ahead) with a margin, so a report delayed by a long
 * outage is billed late rather than rejected forever.
 */
export function stripeTimestamp(eventTimestamp: Date, now: Date = new Date()): number {
  const nowS = Math.floor(now.getTime() / 1000);
  const eventS = Math.floor(new Date(eventTimestamp).getTime() / 1000);
  return Math.min(nowS, Math.max(eventS, nowS - STRIPE_MAX_AGE_DAYS * DAY_S + MARGIN_S));
}

/** The oldest moment (ms) a report can still be stamped with; anything older is clamped to it. */
export function oldestStripeTakes(now: Date = new Date()): number {
  return (Math.floor(now.getTime() / 1000) - STRIPE_MAX_AGE_DAYS * DAY_S + MARGIN_S) * 1000;
}
