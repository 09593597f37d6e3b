/**
 * The Stripe meter-event identifier of a report. Derived from the outbox row's id, which is
 * written in the same transaction as the marking of the events it covers: every resend of the
 * row (after a timeout, a 5xx, a crash) carries the same identifier, so Stripe rejects all but
 * the first delivery as a duplicate. A fresh id per attempt would bill the tokens twice.
 */
export function reportIdentifier(reportId: string): string {
  return `mk_mr_${reportId}`;
}
