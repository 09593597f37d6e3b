import { previewNextInvoice } from "@meterkit/billing";
import { requireStripe } from "../../stripe/ensure-stripe-customer";
import { protectedProcedure } from "../../trpc";
import type { InvoicePreviewView } from "./billing.types";

const centsToMicros = (cents: number) => cents * 10_000;
const isoFromUnix = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * Stripe's preview of the next invoice for the customer's subscription: what Stripe will
 * charge, as opposed to the ledger view in `usage.getSummary`. Null before a subscription exists
 * and after it was canceled.
 */
export const getInvoicePreview = protectedProcedure.query(async ({ ctx }): Promise<InvoicePreviewView | null> => {
  const stripe = requireStripe(ctx.stripe);
  const customer = await ctx.db
    .selectFrom("customers")
    .select(["stripe_customer_id", "stripe_subscription_id"])
    .where("id", "=", ctx.customerId)
    .executeTakeFirstOrThrow();
  if (!customer.stripe_customer_id || !customer.stripe_subscription_id) return null;
  const invoice = await previewNextInvoice(stripe, customer.stripe_customer_id, customer.stripe_subscription_id);
  if (!invoice) return null;
  return {
    currency: invoice.currency,
    subtotalMicros: centsToMicros(invoice.subtotal),
    totalMicros: centsToMicros(invoice.total),
    amountDueMicros: centsToMicros(invoice.amount_due),
    periodStart: isoFromUnix(invoice.period_start),
    periodEnd: isoFromUnix(invoice.period_end),
    lines: invoice.lines.data.map((line) => ({
      description: line.description,
      amountMicros: centsToMicros(line.amount),
      quantity: line.quantity,
    })),
  };
});
