import type { StripeClient } from "../stripe/client";
import type { ClaimedReport } from "./claim";
import { classifySendError } from "./classify-error";
import type { Settlement } from "./settle";
import { stripeTimestamp } from "./stripe-timestamp";

/** One v1 meter event per report; the outcome is decided here, the database is written by the caller. */
export async function sendReportV1(stripe: StripeClient, report: ClaimedReport): Promise<Settlement> {
  try {
    await stripe.billing.meterEvents.create({
      event_name: report.event_name,
      identifier: report.identifier,
      timestamp: stripeTimestamp(report.event_timestamp),
      payload: { stripe_customer_id: report.stripe_customer_id, value: String(report.value) },
    });
    return { kind: "sent" };
  } catch (error) {
    const outcome = classifySendError(error);
    if (outcome.kind === "duplicate") return { kind: "sent", note: `delivered earlier (duplicate identifier): ${outcome.detail}` };
    if (outcome.kind === "retry") return { kind: "retry", error: outcome.detail };
    return { kind: "dead", error: outcome.detail };
  }
}
