import { recordBalanceTransaction, type BalanceChange } from "../core/customer-balance";
import { getCustomer } from "../core/lookup";
import type { Customer, CustomerBalanceTransaction, Invoice } from "../core/wire";
import type { RequestContext } from "../http/context";
import { invalidParam, noSuch } from "../http/errors";
import { newestFirst, paginate } from "../http/list";
import { allowOnly, mergeMetadata, optString, reqInt, reqString } from "../http/params";
import { emitFor, withExpand } from "../http/respond";
import type { Router } from "../http/router";

/** Records a balance transaction and emits `customer.updated` with the previous balance, as Stripe does. */
export function addBalanceTransaction(ctx: RequestContext, customer: Customer, change: BalanceChange): CustomerBalanceTransaction {
  const { transaction, customer: updated, previous } = recordBalanceTransaction(ctx.state, customer, change);
  emitFor(ctx, "customer.updated", updated, previous);
  return transaction;
}

/** Takes the balance an issued invoice used off its customer, recorded as `applied_to_invoice` like Stripe. */
export function settleInvoiceBalance(ctx: RequestContext, invoice: Invoice): void {
  if (invoice.ending_balance === null) return; // a preview changes nothing
  const used = invoice.ending_balance - invoice.starting_balance;
  if (used === 0) return;
  const customerId = typeof invoice.customer === "string" ? invoice.customer : invoice.customer?.id ?? "";
  const customer = getCustomer(ctx.state, customerId);
  addBalanceTransaction(ctx, customer, { type: "applied_to_invoice", amount: used, currency: invoice.currency, invoice: invoice.id });
}

function create(ctx: RequestContext): CustomerBalanceTransaction {
  allowOnly(ctx.params, ["amount", "currency", "description", "metadata"]);
  const customer = getCustomer(ctx.state, ctx.route.id ?? "", "id");
  const amount = reqInt(ctx.params, "amount");
  if (amount === 0) throw invalidParam("amount", "Invalid amount: a balance transaction's amount must not be zero.");
  const currency = reqString(ctx.params, "currency").toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidParam("currency", `Invalid currency: ${currency}. Use a three-letter ISO currency code.`);
  // The emulator keeps one balance per customer (no per-currency `invoice_credit_balance`).
  if (customer.currency && customer.currency !== currency) {
    throw invalidParam("currency", `The customer's currency is ${customer.currency}; a balance transaction in ${currency} cannot be added to their balance.`);
  }
  return addBalanceTransaction(ctx, customer, {
    type: "adjustment",
    amount,
    currency,
    description: optString(ctx.params, "description") || null,
    metadata: mergeMetadata({}, ctx.params),
  });
}

function list(ctx: RequestContext) {
  const customer = getCustomer(ctx.state, ctx.route.id ?? "", "id");
  const invoice = optString(ctx.params, "invoice");
  const all = newestFirst(Object.values(ctx.state.data.balanceTransactions)).filter(
    (t) => t.customer === customer.id && (!invoice || t.invoice === invoice),
  );
  return withExpand(ctx, paginate(all, ctx.params, `/v1/customers/${customer.id}/balance_transactions`));
}

function retrieve(ctx: RequestContext): CustomerBalanceTransaction {
  const customer = getCustomer(ctx.state, ctx.route.id ?? "", "id");
  const id = ctx.route.transaction ?? "";
  const transaction = ctx.state.data.balanceTransactions[id];
  if (!transaction || transaction.customer !== customer.id) throw noSuch("customer balance transaction", id, "transaction");
  return withExpand(ctx, transaction);
}

export function customerBalanceRoutes(router: Router): void {
  router
    .add("POST", "/v1/customers/:id/balance_transactions", "v1", (ctx) => withExpand(ctx, create(ctx)))
    .add("GET", "/v1/customers/:id/balance_transactions", "v1", list)
    .add("GET", "/v1/customers/:id/balance_transactions/:transaction", "v1", retrieve);
}
