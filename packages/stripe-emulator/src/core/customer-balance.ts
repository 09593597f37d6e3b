import { newId } from "./ids";
import type { EmulatorState } from "./state";
import type { Customer, CustomerBalanceTransaction } from "./wire";

/**
 * Stripe's sign convention throughout: a negative balance is credit the customer is owed,
 * a positive balance is a debit added to their next invoice.
 */
export interface InvoiceBalance {
  startingBalance: number;
  amountDue: number;
  /** The customer's balance once the invoice is finalized. */
  endingBalance: number;
}

/**
 * How a balance meets an invoice total at finalization: a debit is added in full, a credit
 * covers at most the total (amount due never goes below zero) and the rest stays on the customer.
 */
export function applyBalance(balance: number, total: number): InvoiceBalance {
  const amountDue = Math.max(0, total + balance);
  return { startingBalance: balance, amountDue, endingBalance: balance - (amountDue - total) };
}

/** Stripe applies a balance only to invoices in the customer's currency. */
export function balanceFor(customer: Customer | undefined, currency: string): number {
  return customer?.currency === currency ? customer.balance : 0;
}

export interface BalanceChange {
  type: "adjustment" | "applied_to_invoice";
  amount: number;
  currency: string;
  description?: string | null;
  metadata?: Record<string, string>;
  invoice?: string | null;
}

export interface RecordedChange {
  transaction: CustomerBalanceTransaction;
  customer: Customer;
  /** The customer fields the change overwrote, for `customer.updated`'s `previous_attributes`. */
  previous: Record<string, unknown>;
}

/**
 * Stores a transaction and moves the customer's balance by its amount. A customer without a
 * currency takes the transaction's, as Stripe does; callers check that the currencies agree.
 */
export function recordBalanceTransaction(state: EmulatorState, customer: Customer, change: BalanceChange): RecordedChange {
  const next: Customer = { ...customer, balance: customer.balance + change.amount, currency: customer.currency ?? change.currency };
  const transaction: CustomerBalanceTransaction = {
    id: newId("cbtxn", 24),
    object: "customer_balance_transaction",
    amount: change.amount,
    checkout_session: null,
    created: state.now(),
    credit_note: null,
    currency: change.currency,
    customer: customer.id,
    customer_account: null,
    description: change.description ?? null,
    ending_balance: next.balance,
    invoice: change.invoice ?? null,
    livemode: false,
    metadata: change.metadata ?? {},
    type: change.type,
  };
  state.data.customers[next.id] = next;
  state.data.balanceTransactions[transaction.id] = transaction;
  state.changed();
  const previous: Record<string, unknown> = { balance: customer.balance };
  if (customer.currency !== next.currency) previous.currency = customer.currency;
  return { transaction, customer: next, previous };
}
