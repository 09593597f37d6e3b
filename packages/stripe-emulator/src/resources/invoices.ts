import type { InvoicePlan } from "../core/invoice-builder";
import { buildInvoice } from "../core/invoice-object";
import { getCustomer, getSubscription } from "../core/lookup";
import { addInterval, type Interval } from "../core/periods";
import type { Invoice, Subscription } from "../core/wire";
import type { RequestContext } from "../http/context";
import { invalidParam, invalidRequest, noSuch } from "../http/errors";
import { newestFirst, paginate } from "../http/list";
import { allowOnly, optString } from "../http/params";
import { emitFor, withExpand } from "../http/respond";
import type { Router } from "../http/router";
import { settleInvoiceBalance } from "./customer-balance";

/**
 * Stores a subscription invoice, takes the balance it used off the customer, pays it, and emits
 * `invoice.created`, `customer.updated` (when a balance was used) and `invoice.paid`.
 */
export function issueInvoice(ctx: RequestContext, sub: Subscription, plan: InvoicePlan): Invoice {
  const invoice = buildInvoice(ctx.state, sub, plan);
  ctx.state.data.invoices[invoice.id] = invoice;
  ctx.state.changed();
  emitFor(ctx, "invoice.created", invoice);
  settleInvoiceBalance(ctx, invoice);
  if (invoice.status === "paid") emitFor(ctx, "invoice.paid", invoice);
  return invoice;
}

/** The current billing period of a subscription (kept on its items since Stripe's 2025 API versions). */
export function currentPeriod(sub: Subscription): { start: number; end: number; interval: Interval; count: number } {
  const first = sub.items.data[0];
  const rec = first?.price.recurring;
  return {
    start: first?.current_period_start ?? sub.start_date,
    end: first?.current_period_end ?? sub.start_date,
    interval: (rec?.interval ?? "month") as Interval,
    count: rec?.interval_count ?? 1,
  };
}

/**
 * The upcoming invoice: licensed items for the next period plus metered usage of the current
 * period (meter aggregate × unit price), as Stripe will bill it at the period end.
 */
function createPreview(ctx: RequestContext): Invoice {
  allowOnly(ctx.params, ["customer", "subscription", "subscription_details"]);
  const subId = optString(ctx.params, "subscription");
  const customerId = optString(ctx.params, "customer");
  let sub: Subscription | undefined;
  if (subId) sub = getSubscription(ctx.state, subId, "subscription");
  else if (customerId) {
    getCustomer(ctx.state, customerId);
    sub = newestFirst(Object.values(ctx.state.data.subscriptions)).find((s) => s.customer === customerId && s.status !== "canceled");
  } else {
    throw invalidRequest("Provide a customer or a subscription to preview an invoice.", { code: "parameter_missing", param: "customer" });
  }
  if (!sub || sub.status === "canceled") {
    throw invalidRequest("No upcoming invoices for customer.", { code: "invoice_upcoming_none" }, 404);
  }
  if (customerId && sub.customer !== customerId) {
    throw invalidParam("subscription", `Subscription ${sub.id} does not belong to customer ${customerId}.`);
  }
  const period = currentPeriod(sub);
  return buildInvoice(ctx.state, sub, {
    reason: "upcoming",
    metered: { start: period.start, end: period.end },
    licensed: { start: period.end, end: addInterval(period.end, period.interval, period.count) },
    paid: false,
  });
}

function getInvoice(ctx: RequestContext): Invoice {
  const invoice = ctx.state.data.invoices[ctx.route.id ?? ""];
  if (!invoice) throw noSuch("invoice", ctx.route.id ?? "");
  return invoice;
}

function list(ctx: RequestContext) {
  const customer = optString(ctx.params, "customer");
  const subscription = optString(ctx.params, "subscription");
  const status = optString(ctx.params, "status");
  const all = newestFirst(Object.values(ctx.state.data.invoices)).filter(
    (i) =>
      (!customer || i.customer === customer) &&
      (!subscription || i.parent?.subscription_details?.subscription === subscription) &&
      (!status || i.status === status),
  );
  return withExpand(ctx, paginate(all, ctx.params, "/v1/invoices"));
}

export function invoiceRoutes(router: Router): void {
  router
    .add("POST", "/v1/invoices/create_preview", "v1", (ctx) => withExpand(ctx, createPreview(ctx)))
    .add("GET", "/v1/invoices", "v1", list)
    .add("GET", "/v1/invoices/:id", "v1", (ctx) => withExpand(ctx, getInvoice(ctx)))
    .add("GET", "/v1/invoices/:id/lines", "v1", (ctx) => {
      const invoice = getInvoice(ctx);
      return paginate(invoice.lines.data, ctx.params, `/v1/invoices/${invoice.id}/lines`);
    });
}
