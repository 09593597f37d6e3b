const DAY_S = 86_400;

/**
 * The `timestamp` Stripe gets for a report: when its tokens were used, clamped into Stripe's
 * accepted window (35 days back, 5 minutes ahead) with a margin, so a report delayed by a long
 * outage is billed late rather than rejected forever.
 */
export function stripeTimestamp(eventTimestamp: Date, now: Date = new Date()): number {
  const nowS = Math.floor(now.getTime() / 1000);
  const eventS = Math.floor(new Date(eventTimestamp).getTime() / 1000);
  return Math.min(nowS, Math.max(eventS, nowS - 35 * DAY_S + 3_600));
}
