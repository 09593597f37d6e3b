import type Stripe from "stripe";
import type { StripeClient } from "./client";

/**
 * Stripe's preview of the subscription's next invoice, or null when there is none to preview: a
 * subscription canceled (whose id our row keeps, for history) answers `invoice_upcoming_none`,
 * which is the customer's state, not a failure. Any other error is Stripe's and is thrown.
 */
export async function previewNextInvoice(stripe: StripeClient, customer: string, subscription: string): Promise<Stripe.Invoice | null> {
  try {
    return await stripe.invoices.createPreview({ customer, subscription });
  } catch (error) {
    if ((error as { code?: string }).code === "invoice_upcoming_none") return null;
    throw error;
  }
}
