import type {
  CheckoutSession, Customer, CustomerBalanceTransaction, Event, Invoice, LineItem, Meter, Price, Product, Subscription,
} from "./wire";

/** One meter event as the emulator keeps it; `status` says whether it counts in aggregates. */
export interface MeterEventRecord {
  identifier: string;
  event_name: string;
  payload: Record<string, string>;
  /** Event time (what summaries and invoices aggregate by). */
  timestamp: number;
  /** Receipt time (what the 24 h identifier window and adjustments measure from). */
  created: number;
  meter: string | null;
  customer: string | null;
  value: number | null;
  /** `invalid` mirrors Stripe's asynchronous validation: accepted on the wire, never aggregated. */
  status: "accepted" | "canceled" | "invalid";
  error_code?: string;
  source: "v1" | "v2" | "v2_stream";
}

export interface MeterEventSessionRecord {
  id: string;
  token: string;
  created: number;
  expires_at: number;
}

/** What a checkout session needs at completion that the session object itself does not show. */
export interface CheckoutExtras {
  lineItems: LineItem[];
  subscriptionMetadata: Record<string, string>;
  subscriptionDescription: string | null;
}

export interface IdempotentResponse {
  method: string;
  path: string;
  paramsHash: string;
  status: number;
  body: string;
  created: number;
}

/** Everything that survives a restart. Objects are stored in Stripe's wire shape. */
export interface StoreData {
  customers: Record<string, Customer>;
  /** Every customer's balance transactions, by id (`cbtxn_…`). */
  balanceTransactions: Record<string, CustomerBalanceTransaction>;
  deleted: Record<string, string>;
  products: Record<string, Product>;
  prices: Record<string, Price>;
  meters: Record<string, Meter>;
  subscriptions: Record<string, Subscription>;
  checkoutSessions: Record<string, CheckoutSession>;
  checkoutExtras: Record<string, CheckoutExtras>;
  invoices: Record<string, Invoice>;
  events: Record<string, Event>;
  meterEvents: MeterEventRecord[];
  meterEventSessions: Record<string, MeterEventSessionRecord>;
  idempotency: Record<string, IdempotentResponse>;
}

export function emptyData(): StoreData {
  return {
    customers: {}, balanceTransactions: {}, deleted: {}, products: {}, prices: {}, meters: {}, subscriptions: {},
    checkoutSessions: {}, checkoutExtras: {}, invoices: {}, events: {}, meterEvents: [],
    meterEventSessions: {}, idempotency: {},
  };
}

/** Counters for tests and benchmarks; kept in memory only. */
export interface Stats {
  requests: Record<string, number>;
  meterEvents: { accepted: number; duplicate: number; rejected: number; invalid: number };
}

export function emptyStats(): Stats {
  return { requests: {}, meterEvents: { accepted: 0, duplicate: 0, rejected: 0, invalid: 0 } };
}
