import { applyBalance, balanceFor } from "./customer-balance";
import { newId } from "./ids";
import { invoiceLines, type InvoicePlan } from "./invoice-builder";
import type { EmulatorState } from "./state";
import type { Invoice, Subscription } from "./wire";

/**
 * A whole invoice for a subscription, paid at once when `plan.paid` (the emulator has no card network).
 * The customer's balance is applied to what is due but not taken off the customer here: only an
 * issued invoice consumes it (see `settleInvoiceBalance`), a preview never does.
 */
export function buildInvoice(state: EmulatorState, sub: Subscription, plan: InvoicePlan): Invoice {
  const now = state.now();
  const id = plan.id ?? (plan.reason === "upcoming" ? newId("upcoming_in", 24) : newId("in", 24));
  const lines = invoiceLines(state, sub, id, plan);
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  const customerId = typeof sub.customer === "string" ? sub.customer : sub.customer.id;
  const customer = state.data.customers[customerId];
  const period = plan.metered ?? plan.licensed ?? { start: now, end: now };
  const paid = plan.paid;
  const balance = applyBalance(balanceFor(customer, sub.currency), total);
  return {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Meterkit local Stripe emulator",
    account_tax_ids: null,
    amount_due: balance.amountDue,
    amount_overpaid: 0,
    amount_paid: paid ? balance.amountDue : 0,
    amount_remaining: paid ? 0 : balance.amountDue,
    amount_shipping: 0,
    application: null,
    attempt_count: paid ? 1 : 0,
    attempted: paid,
    auto_advance: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: plan.reason === "upcoming" ? "upcoming" : plan.reason,
    collection_method: "charge_automatically",
    created: now,
    currency: sub.currency,
    custom_fields: null,
    customer: customerId,
    customer_account: null,
    customer_address: null,
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    customer_phone: customer?.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: plan.reason === "upcoming" ? null : now,
    ending_balance: plan.reason === "upcoming" ? null : balance.endingBalance,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: plan.reason === "upcoming" ? null : `${customer?.invoice_prefix ?? "EMU"}-${String(Object.keys(state.data.invoices).length + 1).padStart(4, "0")}`,
    on_behalf_of: null,
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: sub.metadata, subscription: sub.id },
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: period.end,
    period_start: period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: balance.startingBalance,
    statement_descriptor: null,
    status: plan.reason === "upcoming" ? "draft" : paid ? "paid" : "open",
    status_transitions: {
      finalized_at: plan.reason === "upcoming" ? null : now,
      marked_uncollectible_at: null,
      paid_at: paid ? now : null,
      voided_at: null,
    },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: plan.reason === "upcoming" ? null : now,
  };
}
